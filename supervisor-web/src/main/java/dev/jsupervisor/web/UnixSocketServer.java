package dev.jsupervisor.web;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogLevel;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.xnio.ChannelListener;
import org.xnio.ChannelPipe;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One {@code [unix_http_server]}. XNIO (and so Undertow) cannot listen on unix sockets, so this
 * accepts them with the JDK's unix-domain channels and joins each one to an in-process XNIO
 * full-duplex pipe whose other end goes to the same Undertow {@code HttpOpenListener} the inet
 * listeners use. Nothing is reachable except through the socket file (no loopback port), and every
 * handler, parser and keep-alive rule is Undertow's. The cost: two bridge threads per open unix
 * connection (see {@link Bridge}), capped at {@link #MAX_CONNECTIONS} connections; supervisorctl
 * opens one per command or tail. A connection's threads and descriptors go when it ends.
 *
 * <p>The socket is created as supervisord does: bound at {@code <file>.<pid>}, chmod/chown'ed, then
 * hard-linked to {@code <file>}; an existing file that accepts a connection means another server
 * (error), otherwise it is a stale socket and is replaced. {@link #close()} removes the file.
 */
final class UnixSocketServer implements Closeable {

  private static final System.Logger LOG = System.getLogger(UnixSocketServer.class.getName());
  static final int MAX_CONNECTIONS = 256;
  private static final int BUFFER_BYTES = 16 * 1024;
  /** On close, how long answers in transit may take to reach their clients. */
  private static final long FLUSH_MILLIS = 1000;
  private static final long FLUSH_SETTLE_MILLIS = 50;
  /** The longest a pump waits for the pipe before looking again (a missed wake-up costs this). */
  private static final long WAKE_MILLIS = 1000;

  private final UnixListener config;
  private final Path file;
  private final XnioWorker worker;
  private final ChannelListener<StreamConnection> openListener;
  private final ActivityLog activityLog;
  private final Set<Bridge> bridges = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionIds = new AtomicInteger();
  private ServerSocketChannel server;
  private Thread acceptor;
  private volatile boolean closing;

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
    acceptor = new Thread(this::acceptLoop, "web-unix-accept");
    acceptor.setDaemon(true);
    acceptor.start();
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

  private void acceptLoop() {
    while (!closing) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closing) {
          return;
        }
        // e.g. out of file descriptors: pause instead of spinning, then keep serving.
        LOG.log(Level.WARNING, "accept failed on " + file + ": " + e.getMessage());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        continue;
      }
      if (bridges.size() >= MAX_CONNECTIONS) {
        LOG.log(Level.WARNING, "too many connections on " + file + "; refusing one");
        IoUtils.safeClose(client);
        continue;
      }
      try {
        bridge(client);
      } catch (IOException | RuntimeException | OutOfMemoryError e) { // OOM: no thread for it
        LOG.log(Level.WARNING, "cannot serve a connection on " + file, e);
        IoUtils.safeClose(client);
      }
    }
  }

  private void bridge(SocketChannel client) throws IOException {
    XnioIoThread io = worker.getIoThread();
    ChannelPipe<StreamConnection, StreamConnection> pipe = io.createFullDuplexPipeConnection();
    Bridge bridge = new Bridge(client, pipe.getRightSide());
    bridges.add(bridge);
    StreamConnection undertowSide = pipe.getLeftSide();
    try {
      io.execute(() -> openListener.handleEvent(undertowSide));
      bridge.start(connectionIds.incrementAndGet());
    } catch (RuntimeException | Error e) { // e.g. no thread can be created: nothing may stay open
      bridge.close();
      IoUtils.safeClose(undertowSide);
      throw e;
    }
  }

  /** How many unix connections are open now. Any thread. */
  int openConnections() {
    return bridges.size();
  }

  /** Stops accepting new connections and removes the socket file; open ones go on. Idempotent. */
  void stopAccepting() {
    closing = true;
    IoUtils.safeClose(server);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot remove socket " + file + ": " + e.getMessage());
    }
  }

  /**
   * Stops accepting, lets answers already handed to the bridges reach their clients (briefly: a
   * log tail never ends), then drops open connections and removes the socket file. Idempotent.
   */
  @Override
  public void close() {
    stopAccepting();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
    try {
      Thread.sleep(FLUSH_SETTLE_MILLIS); // bytes just written by Undertow wake their pump
      while (bridges.stream().anyMatch(b -> b.copying) && System.nanoTime() - deadline < 0) {
        Thread.sleep(FLUSH_SETTLE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Bridge bridge : bridges) {
      bridge.close();
    }
  }

  /**
   * Copies bytes between one unix client and the pipe end opposite Undertow's, one thread per
   * direction. The client side blocks (closing the channel wakes it); the pipe side is read and
   * written without blocking, and a pump waits for the pipe by arming the channel's listener, which
   * the XNIO IO thread fires (no per-thread selector, so nothing is left behind when the threads
   * end). Whichever side ends first ends the connection: the client going away (EOF, as medusa's
   * {@code handle_close}), a write to it failing, or Undertow closing its end. Then both channels
   * close, the threads exit and the bridge leaves {@link #bridges}.
   */
  private final class Bridge {
    /** True while bytes read from Undertow are on their way to the client. */
    volatile boolean copying;
    private final SocketChannel client;
    private final StreamConnection pipe;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object ready = new Object();
    private boolean readable; // guarded by ready
    private boolean writable; // guarded by ready

    Bridge(SocketChannel client, StreamConnection pipe) {
      this.client = client;
      this.pipe = pipe;
      this.source = pipe.getSourceChannel();
      this.sink = pipe.getSinkChannel();
      source.getReadSetter().set(channel -> {
        channel.suspendReads();
        wake(true);
      });
      sink.getWriteSetter().set(channel -> {
        channel.suspendWrites();
        wake(false);
      });
    }

    void start(int id) {
      pump(this::clientToServer, "web-unix-in-" + id);
      pump(this::serverToClient, "web-unix-out-" + id);
    }

    private void pump(Runnable body, String name) {
      Thread t = new Thread(() -> {
        try {
          body.run();
        } finally {
          close();
        }
      }, name);
      t.setDaemon(true);
      t.start();
    }

    private void clientToServer() {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
      try {
        while (!closed.get() && client.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            if (sink.write(buffer) == 0) {
              awaitPipe(false);
            }
          }
          while (!sink.flush()) {
            awaitPipe(false);
          }
          buffer.clear();
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "unix connection ended", e);
      }
    }

    private void serverToClient() {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
      try {
        while (!closed.get()) {
          int n = source.read(buffer);
          if (n < 0) {
            return;
          }
          if (n == 0) {
            awaitPipe(true);
            continue;
          }
          copying = true;
          buffer.flip();
          while (buffer.hasRemaining()) {
            client.write(buffer);
          }
          buffer.clear();
          copying = false;
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "unix client went away", e);
      }
    }

    /**
     * Waits (at most {@link #WAKE_MILLIS}; the caller simply tries again) until the pipe is
     * readable ({@code read}) or writable, or the bridge closed.
     */
    private void awaitPipe(boolean read) throws InterruptedIOException {
      synchronized (ready) {
        if (read) {
          readable = false;
        } else {
          writable = false;
        }
      }
      if (read) {
        source.resumeReads();
      } else {
        sink.resumeWrites();
      }
      synchronized (ready) {
        if (!(read ? readable : writable) && !closed.get()) {
          try {
            ready.wait(WAKE_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("unix bridge interrupted");
          }
        }
      }
    }

    /** Called on the XNIO IO thread by the pipe's listeners. */
    private void wake(boolean read) {
      synchronized (ready) {
        if (read) {
          readable = true;
        } else {
          writable = true;
        }
        ready.notifyAll();
      }
    }

    /** Closes both sides once; the pumps notice and exit. Any thread. */
    void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      IoUtils.safeClose(client);
      IoUtils.safeClose(pipe);
      bridges.remove(this);
      synchronized (ready) {
        ready.notifyAll();
      }
    }
  }
}
