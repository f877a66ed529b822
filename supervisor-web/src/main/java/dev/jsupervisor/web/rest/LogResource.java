package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.log.LogFiles;
import dev.jsupervisor.rpc.DaemonControl;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads process logs and the main log. Modes:
 * <ul>
 *   <li>{@code GET /program/log/[node/]name/stdout|stderr}: the Go port's route, plain text; the whole
 *       log, or with {@code offset}/{@code length} supervisord's {@code readProcessLog} semantics;
 *   <li>{@code GET /program/tail/name/channel?offset=&length=} and {@code /supervisor/log/tail}: JSON
 *       {@link LogWindow} of new output (offset omitted = the end of the log);
 *   <li>{@code GET /program/read/name/channel?end=&length=} and {@code /supervisor/log/read}: JSON window
 *       of the bytes before {@code end}, for loading earlier parts.
 * </ul>
 * File I/O blocks, so the handler moves itself to a worker thread first.
 */
public final class LogResource implements HttpHandler {

  /** What the route returns. */
  enum Mode { WHOLE, TAIL, READ }

  static final int DEFAULT_LENGTH = 64 * 1024;

  private final Supervisor supervisor;
  private final DaemonControl daemon;
  private final Targets targets;
  private final Mode mode;
  private final boolean mainLog;

  LogResource(Supervisor supervisor, DaemonControl daemon, Targets targets, Mode mode, boolean mainLog) {
    this.supervisor = supervisor;
    this.daemon = daemon;
    this.targets = targets;
    this.mode = mode;
    this.mainLog = mainLog;
  }

  /** Dispatches to a worker thread, then reads; errors become JSON faults. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    try {
      Path file = file(exchange);
      switch (mode) {
        case WHOLE:
          whole(exchange, file);
          break;
        case TAIL:
          Replies.json(exchange, 200, LogWindow.tail(file, Params.longValue(exchange, "offset", -1), length(exchange)).toJson());
          break;
        default:
          Replies.json(exchange, 200,
              LogWindow.before(file, Params.longValue(exchange, "end", Long.MAX_VALUE), length(exchange)).toJson());
      }
    } catch (ControlException e) {
      Replies.fault(exchange, e.reason(), e.detail());
    } catch (RuntimeException e) {
      Replies.failure(exchange, e);
    }
  }

  private Path file(HttpServerExchange exchange) throws ControlException {
    if (mainLog) {
      return daemon.mainLogFile().orElseThrow(() -> new ControlException(Reason.NO_FILE, "the supervisor has no log file"));
    }
    String node = Params.optional(exchange, "node");
    if (node != null) {
      targets.checkNode(node);
    }
    var process = targets.process(supervisor.snapshot(), Params.required(exchange, "name"));
    Channel channel = channel(Params.required(exchange, "channel"));
    return supervisor.logFile(process.name(), channel)
        .orElseThrow(() -> new ControlException(Reason.NO_FILE, process.name().namespec() + " has no " + channel.wireName() + " log file"));
  }

  private static Channel channel(String text) throws ControlException {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "stdout": return Channel.STDOUT;
      case "stderr": return Channel.STDERR;
      default: throw new ControlException(Reason.BAD_ARGUMENTS, "channel must be stdout or stderr but was " + text);
    }
  }

  private static int length(HttpServerExchange exchange) throws ControlException {
    long length = Params.longValue(exchange, "length", DEFAULT_LENGTH);
    if (length < 0 || length > LogWindow.MAX_LENGTH) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "length must be 0.." + LogWindow.MAX_LENGTH + " but was " + length);
    }
    return (int) length;
  }

  private static void whole(HttpServerExchange exchange, Path file) throws ControlException {
    byte[] bytes = LogFiles.read(file, Params.longValue(exchange, "offset", 0), Params.longValue(exchange, "length", 0));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }
}
