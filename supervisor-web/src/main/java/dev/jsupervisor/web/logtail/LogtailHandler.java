package dev.jsupervisor.web.logtail;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.web.ErrorPages;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /logtail/<namespec>[/<channel>]} (any path starting with {@code /logtail}) and {@code GET
 * /mainlogtail}. Non-GET → 400; unknown process, unknown channel, no log configured or the file not
 * there yet → 404. Otherwise a chunked {@code text/plain} stream that never ends (see {@link
 * TailStream}). Called on the IO thread; the log lookup and file open run on a worker because the
 * engine's lookup may wait for its loop, then streaming goes back to the IO thread.
 */
public final class LogtailHandler implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(LogtailHandler.class.getName());

  private final Lookup lookup;
  private final boolean noProxyBuffering;

  private LogtailHandler(Lookup lookup, boolean noProxyBuffering) {
    this.lookup = lookup;
    this.noProxyBuffering = noProxyBuffering;
  }

  /** The handler for {@code /logtail...}, finding files through {@code locator}. */
  public static LogtailHandler processLogs(LogLocator locator) {
    Objects.requireNonNull(locator, "locator");
    return new LogtailHandler(exchange -> processLog(locator, exchange.getRequestPath()), true);
  }

  /** The handler for {@code /mainlogtail}; {@code mainLogFile} is asked on every request. */
  public static LogtailHandler mainLog(Supplier<Optional<Path>> mainLogFile) {
    Objects.requireNonNull(mainLogFile, "mainLogFile");
    return new LogtailHandler(exchange -> mainLogFile.get(), false);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!exchange.getRequestMethod().equals(Methods.GET)) {
      ErrorPages.send(exchange, StatusCodes.BAD_REQUEST);
      return;
    }
    exchange.dispatch(() -> open(exchange));
  }

  /** Runs on a worker thread. */
  private void open(HttpServerExchange exchange) {
    try {
      Optional<Path> file = lookup.find(exchange);
      if (file.isEmpty() || !Files.exists(file.get())) {
        ErrorPages.send(exchange, StatusCodes.NOT_FOUND);
        return;
      }
      TailStream.start(exchange, TailFollower.open(file.get(), TailStream.HEAD_BYTES), noProxyBuffering);
    } catch (ControlException e) {
      ErrorPages.send(exchange, StatusCodes.NOT_FOUND);
    } catch (IOException e) {
      // Vanished between the check and the open, or unreadable: as absent as it gets.
      LOG.log(Level.DEBUG, "cannot open log for tailing", e);
      ErrorPages.send(exchange, StatusCodes.NOT_FOUND);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "log tail lookup failed", e);
      ErrorPages.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR);
    }
  }

  /**
   * The file named by a decoded {@code /logtail/<namespec>[/<channel>]} path, like supervisord:
   * leading slashes are dropped, the first segment is the handler's, then the name and an optional
   * channel (default stdout).
   */
  static Optional<Path> processLog(LogLocator locator, String path) throws ControlException {
    String rest = path.replaceFirst("^/+", "");
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String nameAndChannel = rest.substring(slash + 1);
    int channelSlash = nameAndChannel.indexOf('/');
    String namespec = channelSlash < 0 ? nameAndChannel : nameAndChannel.substring(0, channelSlash);
    String channelName = channelSlash < 0 ? "stdout" : nameAndChannel.substring(channelSlash + 1);
    Optional<Channel> channel = channel(channelName);
    if (namespec.isEmpty() || channel.isEmpty()) {
      return Optional.empty();
    }
    return locator.logFile(ProcessName.parse(namespec), channel.get());
  }

  private static Optional<Channel> channel(String wireName) {
    for (Channel c : Channel.values()) {
      if (c.wireName().equals(wireName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @FunctionalInterface
  private interface Lookup {
    Optional<Path> find(HttpServerExchange exchange) throws ControlException;
  }
}
