package dev.jsupervisor.web;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogLevel;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;

/**
 * One {@code [unix_http_server]}. XNIO (and so Undertow) cannot listen on unix sockets, so this
 * accepts them with the JDK's unix-domain channels and hands each one, as a {@link
 * UnixStreamConnection}, to the same Undertow {@code HttpOpenListener} the inet listeners use.
 * Nothing is reachable except through the socket file (no loopback port), and every handler, parser
 * and keep-alive rule is Undertow's.
 *
 * <p>Threads: one, {@code web-unix}, selects over the listening channel and every open connection:
 * it accepts, and posts readiness to the XNIO I/O thread, which reads and writes the channels as it
 * does TCP ones (see {@link UnixConduit}). A connection costs a descriptor and a selector key, no
 * thread; at most {@link #MAX_CONNECTIONS} are open at once (supervisorctl opens one per command or
 * tail), more are refused. A connection's resources go when it closes.
 *
 * <p>The socket is created as supervisord does: bound at {@code <file>.<pid>}, chmod/chown'ed, then
 * hard-linked to {@code <file>}; an existing file that accepts a connection means another server
 * (error), otherwise it is a stale socket and is replaced. {@link #close()} removes the file.
 */
final class UnixSocketServer implements Closeable {

  private static final System.Logger LOG = System.getLogger(UnixSocketServer.class.getName());
  static final int MAX_CONNECTIONS = 256;
  /** On close, how long answers in transit may take to reach their clients. */
  private static final long FLUSH_MILLIS = 1000;
  private static final long FLUSH_SETTLE_MILLIS = 20;
  /** After a failed accept (e.g. out of descriptors), how long to wait before accepting again. */
  private static final long ACCEPT_PAUSE_MILLIS = 100;

  private final UnixListener config;
  private final Path file;
  private final XnioWorker worker;
  private final ChannelListener<StreamConnection> openListener;
  private final ActivityLog activityLog;
  private final Set<UnixStreamConnection> connections = ConcurrentHashMap.newKeySet();
  private ServerSocketChannel server;
  private Selector selector;
  private Thread selectorThread;
  private volatile boolean closing;
  private volatile boolean stopped;
  /** Selector thread only: whether accepting pauses after a failure, and until when. */
  private boolean acceptPaused;
  private long acceptPausedUntil;

  UnixSocketServer(
      UnixListener config,
      XnioWorker worker,
      ChannelListener<StreamConnection> openListener,
      ActivityLog activityLog) {
    this.config = config;
    this.file = config.file().toAbsolutePath().normalize();
    this.worker = worker;
    this.openListener = openListener;
    this.activityLog = activityLog;
  }

  /**
   * Creates the socket file and starts accepting. Called once, by {@link WebServer#start()}.
   *
   * @throws ListenerBindException when a live server owns the file or it cannot be created
   */
  void start() throws ListenerBindException {
    Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid());
    try {
      Files.deleteIfExists(tmp);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(tmp), 1024);
      try {
        Files.setPosixFilePermissions(tmp, permissions(config.chmod()));
        chown(tmp);
        link(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (ListenerBindException e) {
      IoUtils.safeClose(server);
      throw e;
    } catch (IOException | RuntimeException e) {
      IoUtils.safeClose(server);
      throw new ListenerBindException(
          file.toString(), "Cannot open an HTTP server: " + describe(e), e);
    }
    try {
      selector = Selector.open();
      server.configureBlocking(false);
      selectorThread = new Thread(this::selectLoop, "web-unix");
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      IoUtils.safeClose(server);
      IoUtils.safeClose(selector);
      stopAccepting();
      throw new ListenerBindException(file.toString(), "Cannot open an HTTP server: " + describe(e), e);
    }
    selectorThread.setDaemon(true);
    selectorThread.start();
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void link(Path tmp) throws IOException {
    try {
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      if (answers(file)) {
        throw new ListenerBindException(file.toString(), ListenerBindException.ALREADY_LISTENING, e);
      }
      activityLog.log(LogLevel.WARN, "Unlinking stale socket " + file);
      Files.deleteIfExists(file);
      Files.createLink(file, tmp);
    }
  }

  /** Whether something accepts connections on {@code socket} (supervisord probes with a GET). */
  private static boolean answers(Path socket) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return probe.isConnected();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void chown(Path path) throws IOException {
    if (config.chownUser().isEmpty() && config.chownGroup().isEmpty()) {
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
    if (config.chownUser().isPresent()) {
      view.setOwner(names.lookupPrincipalByName(config.chownUser().get()));
    }
    if (config.chownGroup().isPresent()) {
      view.setGroup(names.lookupPrincipalByGroupName(config.chownGroup().get()));
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        result.add(bits[i]);
      }
    }
    return result;
  }

  /** The selector thread's body: accepts, and hands readiness to the connections' conduits. */
  private void selectLoop() {
    try {
      while (!stopped) {
        long timeout = acceptPaused
            ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(acceptPausedUntil - System.nanoTime()))
            : 0;
        selector.select(this::onReady, timeout);
        if (acceptPaused && System.nanoTime() - acceptPausedUntil >= 0) {
          acceptPaused = false;
          setAcceptInterest(SelectionKey.OP_ACCEPT);
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!stopped) {
        LOG.log(Level.ERROR, "unix socket " + file + " stopped serving", e);
      }
    } finally {
      IoUtils.safeClose(selector);
    }
  }

  private void onReady(SelectionKey key) {
    try {
      if (key.attachment() instanceof UnixConduit conduit) {
        conduit.ready(key.readyOps());
      } else if (key.isValid() && key.isAcceptable()) {
        acceptAll();
      }
    } catch (RuntimeException e) { // one connection's trouble must not stop the others
      LOG.log(Level.WARNING, "unix connection on " + file + " failed", e);
      if (key.attachment() instanceof UnixConduit conduit) {
        conduit.close();
      }
    }
  }

  private void acceptAll() {
    while (!closing) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // e.g. out of file descriptors: pause instead of spinning, then keep serving.
        LOG.log(Level.WARNING, "accept failed on " + file + ": " + e.getMessage());
        acceptPaused = true;
        acceptPausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MILLIS);
        setAcceptInterest(0);
        return;
      }
      if (client == null) {
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        LOG.log(Level.WARNING, "too many connections on " + file + "; refusing one");
        IoUtils.safeClose(client);
        continue;
      }
      serve(client);
    }
  }

  private void setAcceptInterest(int ops) {
    SelectionKey key = server.keyFor(selector);
    if (key != null && key.isValid()) {
      key.interestOps(ops);
    }
  }

  /** Selector thread: registers a new client and lets Undertow's open listener take it. */
  private void serve(SocketChannel client) {
    UnixStreamConnection connection;
    try {
      client.configureBlocking(false);
      SelectionKey key = client.register(selector, 0);
      connection = new UnixStreamConnection(worker.getIoThread(), client, key, selectorThread, connections::remove);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot serve a connection on " + file, e);
      IoUtils.safeClose(client);
      return;
    }
    connections.add(connection);
    try {
      connection.getIoThread().execute(() -> openListener.handleEvent(connection));
    } catch (RejectedExecutionException e) { // the worker is stopping: nobody will serve it
      IoUtils.safeClose(connection); // also forgets it
    }
  }

  /** How many unix connections are open now. Any thread. */
  int openConnections() {
    return connections.size();
  }

  /** Stops accepting new connections and removes the socket file; open ones go on. Idempotent. */
  void stopAccepting() {
    closing = true;
    IoUtils.safeClose(server);
    if (selector != null) {
      selector.wakeup(); // lets the selector drop the listening channel now
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot remove socket " + file + ": " + e.getMessage());
    }
  }

  /**
   * Stops accepting, lets answers that wait for a slow client reach it (briefly: a log tail never
   * ends), then closes open connections, stops the selector thread and removes the socket file.
   * Idempotent; called from {@link WebServer#stop()}.
   */
  @Override
  public void close() {
    stopAccepting();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
    try {
      while (connections.stream().anyMatch(UnixStreamConnection::writing) && System.nanoTime() - deadline < 0) {
        Thread.sleep(FLUSH_SETTLE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (UnixStreamConnection connection : List.copyOf(connections)) {
      IoUtils.safeClose(connection);
    }
    stopped = true;
    if (selector != null) {
      selector.wakeup();
    }
    if (selectorThread != null && selectorThread != Thread.currentThread()) {
      try {
        selectorThread.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
