package dev.jsupervisor.web;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.web.logtail.LogLocator;
import dev.jsupervisor.web.logtail.LogtailHandler;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.xnio.OptionMap;

/**
 * supervisord's HTTP servers: every {@link InetListener} and {@link UnixListener} at once, all
 * serving the same handlers ({@code /RPC2}, {@code /logtail}, {@code /mainlogtail} and whatever
 * {@code extraRoutes} adds), each with its own Basic auth.
 *
 * <p>Threads: one I/O thread ({@code web I/O}, {@link WebIoThread}) accepts on every listener, inet
 * and unix, reads and parses requests, runs auth, answers the XML-RPC calls that only compute (most
 * of them, see {@link RpcHandler}) and streams every log tail with timers; up to {@value #WORKERS}
 * worker threads ({@code web task-N}, started on demand and gone after {@value
 * #WORKER_KEEPALIVE_MILLIS} ms without work) answer the calls that read or write files and the REST
 * routes that block; a call that waits on the
 * engine ({@code startProcess(name, wait=true)}) holds none of them while it waits. Tails never hold a
 * worker either, so neither can starve RPC. No thread per listener or per connection (see {@link
 * SocketServer}).
 *
 * <p>Lifecycle: build, {@link #start()} once, {@link #stop()} once (from any thread).
 */
public final class WebServer {

  static final int WORKERS = 4;
  /** An idle worker thread ends after this long, so an idle daemon keeps none. */
  static final int WORKER_KEEPALIVE_MILLIS = 10_000;
  /** How long stop() waits for requests in flight. */
  private static final long DRAIN_MILLIS = 1000;
  /** The largest {@code /RPC2} body accepted; bigger ones get 413. */
  static final long MAX_RPC_BODY = 8L * 1024 * 1024;

  private final List<InetListener> inetListeners;
  private final List<UnixListener> unixListeners;
  private final ActivityLog activityLog;

  /** Counts requests in flight, so that stop() lets answers already being computed go out. */
  private final GracefulShutdownHandler inFlight;
  private WebWorker worker;
  private final List<SocketServer> inetServers = new ArrayList<>();
  private final List<InetSocketAddress> inetAddresses = new ArrayList<>();
  private final List<SocketServer> unixServers = new ArrayList<>();
  private boolean started;

  private WebServer(Builder b, RpcEndpoint rpc, LogLocator logs) {
    this.inetListeners = List.copyOf(b.inet);
    this.unixListeners = List.copyOf(b.unix);
    this.activityLog = b.activityLog;
    HttpHandler tree =
        Routes.tree(
            new RpcHandler(rpc, MAX_RPC_BODY),
            LogtailHandler.processLogs(logs),
            LogtailHandler.mainLog(b.mainLogFile),
            b.extraRoutes);
    this.inFlight = new GracefulShutdownHandler(tree);
  }

  /** A builder; the daemon gives it listeners, the dispatcher, the engine and the extra routes. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens every listener (inet first, then unix) and starts serving. Called once, by the daemon's
   * start-up thread; logs a CRIT line per listener without authentication, as supervisord does.
   *
   * @throws ListenerBindException naming the address when a listener cannot be opened (for a port
   *     or socket that a live server owns: supervisord's "Another program is already listening..."
   *     text); everything opened so far is closed again
   * @throws IllegalStateException when called twice
   */
  public synchronized void start() throws ListenerBindException {
    if (started) {
      throw new IllegalStateException("WebServer is already started, cannot start it again");
    }
    started = true;
    try {
      worker = WebWorker.create("web", WORKERS, WORKER_KEEPALIVE_MILLIS);
      ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
      for (InetListener listener : inetListeners) {
        SocketServer server =
            new SocketServer(
                new InetSocketBinding(listener), worker.ioThread(),
                openListener(buffers, listener.username(), listener.password(), listener.metricsAuth()));
        server.start();
        inetServers.add(server);
        inetAddresses.add(boundAddress(server, listener));
        announce(listener.username(), "inet_http_server");
      }
      for (UnixListener listener : unixListeners) {
        SocketServer server =
            new SocketServer(
                new UnixSocketFile(listener, activityLog), worker.ioThread(),
                openListener(buffers, listener.username(), listener.password(), true));
        server.start();
        unixServers.add(server);
        announce(listener.username(), "unix_http_server");
      }
    } catch (ListenerBindException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  private HttpOpenListener openListener(
      ByteBufferPool buffers, Optional<String> username, Optional<String> password, boolean metricsAuth) {
    // No global entity limit (Undertow's default rejects >2 MiB with a bare 400): /RPC2 answers 413
    // itself above MAX_RPC_BODY, and Routes restores the default limit for the other routes.
    HttpOpenListener open =
        new HttpOpenListener(buffers, OptionMap.create(UndertowOptions.MAX_ENTITY_SIZE, -1L));
    open.setRootHandler(Routes.forListener(Credentials.of(username, password), metricsAuth, inFlight));
    return open;
  }

  private static InetSocketAddress boundAddress(SocketServer server, InetListener listener)
      throws ListenerBindException {
    try {
      return (InetSocketAddress) server.localAddress();
    } catch (IOException e) {
      throw new ListenerBindException(listener.describe(), "Cannot open an HTTP server: " + e.getMessage(), e);
    }
  }

  /** supervisord's two lines per server it opens, in its order. */
  private void announce(Optional<String> username, String section) {
    activityLog.log(LogLevel.INFO, "RPC interface 'supervisor' initialized");
    if (username.isEmpty()) {
      activityLog.log(
          LogLevel.CRIT,
          "Server '" + section + "' running without any HTTP authentication checking");
    }
  }

  /**
   * The bound addresses of the inet listeners, in configuration order (useful with port 0). Valid
   * after {@link #start()}.
   */
  public synchronized List<InetSocketAddress> inetAddresses() {
    return List.copyOf(inetAddresses);
  }

  /** How many unix-socket connections are open now, over all unix listeners. Any thread; for tests. */
  synchronized int openUnixConnections() {
    return unixServers.stream().mapToInt(SocketServer::openConnections).sum();
  }

  /**
   * Closes every listener and connection (open tails end), removes the unix socket files and stops
   * the threads. Safe to call more than once, and after a failed {@link #start()}; never throws.
   */
  public synchronized void stop() {
    List<SocketServer> servers = new ArrayList<>(inetServers);
    servers.addAll(unixServers);
    inetServers.clear();
    unixServers.clear();
    for (SocketServer server : servers) {
      server.stopAccepting();
    }
    // The answer to the shutdown/restart call that led here is usually still being written:
    // let requests in flight finish (a log tail never does, hence the bound) before closing.
    inFlight.shutdown();
    try {
      inFlight.awaitShutdown(DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SocketServer server : servers) {
      server.close();
    }
    if (worker != null) {
      worker.shutdownNow();
      try {
        worker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
  }

  /** Collects what a {@link WebServer} serves. Used by one thread; {@link #build()} validates. */
  public static final class Builder {
    private final List<InetListener> inet = new ArrayList<>();
    private final List<UnixListener> unix = new ArrayList<>();
    private RpcDispatcher dispatcher;
    private Supervisor supervisor;
    private Supplier<Optional<Path>> mainLogFile = Optional::empty;
    private Consumer<RoutingHandler> extraRoutes = routes -> {};
    private ActivityLog activityLog = ActivityLog.NONE;

    private Builder() {}

    /** Adds an {@code [inet_http_server]}. */
    public Builder inet(InetListener listener) {
      inet.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Adds a {@code [unix_http_server]}. */
    public Builder unix(UnixListener listener) {
      unix.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The XML-RPC endpoint behind {@code /RPC2}; required. */
    public Builder dispatcher(RpcDispatcher dispatcher) {
      this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
      return this;
    }

    /** The engine, asked for process log files by {@code /logtail}; required. */
    public Builder supervisor(Supervisor supervisor) {
      this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
      return this;
    }

    /** The main log for {@code /mainlogtail}, asked per request (it may change on reload). */
    public Builder mainLogFile(Supplier<Optional<Path>> mainLogFile) {
      this.mainLogFile = Objects.requireNonNull(mainLogFile, "mainLogFile");
      return this;
    }

    /**
     * THE PLACE FOR MORE ROUTES: called once during {@link #build()} with the one routing tree, e.g.
     * {@code routes -> WebApp.register(routes, supervisor, daemon)} to add the web UI, REST and
     * {@code /metrics}. Paths starting with {@code /RPC2}, {@code /logtail} or {@code /mainlogtail}
     * never reach it.
     */
    public Builder extraRoutes(Consumer<RoutingHandler> extraRoutes) {
      this.extraRoutes = Objects.requireNonNull(extraRoutes, "extraRoutes");
      return this;
    }

    /** Where "RPC interface initialized", CRIT "running without any HTTP authentication" and stale-socket notices go. */
    public Builder activityLog(ActivityLog activityLog) {
      this.activityLog = Objects.requireNonNull(activityLog, "activityLog");
      return this;
    }

    /**
     * The server, not yet listening.
     *
     * @throws IllegalStateException when the dispatcher or supervisor is missing
     */
    public WebServer build() {
      if (dispatcher == null || supervisor == null) {
        throw new IllegalStateException(
            "WebServer needs a dispatcher and a supervisor, but dispatcher=" + dispatcher
                + " supervisor=" + supervisor);
      }
      return new WebServer(this, dispatcher::parse, supervisor::logFile);
    }

    /** For tests: fakes instead of the dispatcher and the engine. */
    WebServer build(RpcEndpoint rpc, LogLocator logs) {
      return new WebServer(this, rpc, logs);
    }
  }
}
