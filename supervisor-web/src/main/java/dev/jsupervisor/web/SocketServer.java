package dev.jsupervisor.web;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * One listening socket of the web server, inet ({@link InetSocketBinding}) or unix ({@link
 * UnixSocketFile}): accepts on the {@link WebIoThread} and hands each connection, as a {@link
 * SocketStreamConnection}, to Undertow's {@code HttpOpenListener}. Every handler, parser and
 * keep-alive rule is Undertow's; XNIO (which cannot listen on unix sockets) opens nothing.
 *
 * <p>A connection costs a descriptor and a selector key, no thread; at most {@link
 * #MAX_CONNECTIONS} are open at once per listener, more are refused. A failed accept (out of
 * descriptors) pauses accepting for {@value #ACCEPT_PAUSE_MILLIS} ms instead of spinning.
 * A connection's resources go when it closes.
 */
final class SocketServer implements Closeable {

  /** How a listening socket is opened and what it leaves behind once closed. */
  interface Binding {
    /**
     * The bound socket (still blocking). Called once, by {@link #start()}.
     *
     * @throws ListenerBindException naming the address, with supervisord's text
     */
    ServerSocketChannel open() throws ListenerBindException;

    /** Removes what outlives the socket (a unix socket's file). Idempotent; never throws. */
    void remove();

    /** Prepares an accepted connection (TCP_NODELAY for TCP). */
    default void accepted(SocketChannel client) throws IOException {}
  }

  private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
  static final int MAX_CONNECTIONS = 256;
  /** On close, how long answers in transit may take to reach their clients. */
  private static final long FLUSH_MILLIS = 1000;
  private static final long FLUSH_SETTLE_MILLIS = 20;
  /** After a failed accept (e.g. out of descriptors), how long to wait before accepting again. */
  private static final long ACCEPT_PAUSE_MILLIS = 100;
  private static final int ACCEPT_BATCH = 16;

  private final Binding binding;
  private final WebIoThread io;
  private final ChannelListener<StreamConnection> openListener;
  private final Set<SocketStreamConnection> connections = ConcurrentHashMap.newKeySet();
  private ServerSocketChannel server;
  private SelectionKey acceptKey;
  private volatile boolean closing;

  SocketServer(Binding binding, WebIoThread io, ChannelListener<StreamConnection> openListener) {
    this.binding = binding;
    this.io = io;
    this.openListener = openListener;
  }

  /**
   * Opens the socket and starts accepting. Called once, by {@link WebServer#start()}.
   *
   * @throws ListenerBindException when the socket cannot be opened (a live server owns it, ...)
   */
  void start() throws ListenerBindException {
    server = binding.open();
    try {
      server.configureBlocking(false);
      acceptKey = io.register(server, SelectionKey.OP_ACCEPT, key -> acceptSome());
    } catch (IOException e) {
      IoUtils.safeClose(server);
      binding.remove();
      throw new ListenerBindException(binding.toString(), "Cannot open an HTTP server: " + describe(e), e);
    }
  }

  static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The bound address (a port chosen by the system included). */
  SocketAddress localAddress() throws IOException {
    return server.getLocalAddress();
  }

  /**
   * I/O thread: accepts the waiting clients, at most {@value #ACCEPT_BATCH} at a time so that a
   * stream of new connections cannot keep the thread from the open ones (the selector reports the
   * listening socket again while more wait).
   */
  private void acceptSome() {
    for (int n = 0; n < ACCEPT_BATCH && !closing; n++) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // e.g. out of file descriptors: pause instead of spinning, then keep serving.
        LOG.log(Level.WARNING, "accept failed on " + binding + ": " + e.getMessage());
        setAcceptInterest(0);
        io.executeAfter(() -> setAcceptInterest(SelectionKey.OP_ACCEPT), ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      if (client == null) {
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        LOG.log(Level.WARNING, "too many connections on " + binding + "; refusing one");
        IoUtils.safeClose(client);
        continue;
      }
      serve(client);
    }
  }

  private void setAcceptInterest(int ops) {
    if (!closing && acceptKey.isValid()) {
      acceptKey.interestOps(ops);
    }
  }

  /** I/O thread: registers a new client and lets Undertow's open listener take it. */
  private void serve(SocketChannel client) {
    SocketStreamConnection connection;
    try {
      client.configureBlocking(false);
      binding.accepted(client);
      SelectionKey key = io.register(client, 0, null);
      connection = new SocketStreamConnection(io, client, key, connections::remove);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot serve a connection on " + binding, e);
      IoUtils.safeClose(client);
      return;
    }
    connections.add(connection);
    try {
      openListener.handleEvent(connection);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot serve a connection on " + binding, e);
      IoUtils.safeClose(connection); // also forgets it
    }
  }

  /** How many connections are open now. Any thread. */
  int openConnections() {
    return connections.size();
  }

  /** Stops accepting new connections and removes what the socket leaves (its file); open ones go on. Idempotent. */
  void stopAccepting() {
    closing = true;
    IoUtils.safeClose(server);
    io.wakeup(); // lets the selector drop the listening channel now
    binding.remove();
  }

  /**
   * Stops accepting, lets answers that wait for a slow client reach it (briefly: a log tail never
   * ends), then closes open connections and removes the socket file. Idempotent; called from
   * {@link WebServer#stop()}, never on the I/O thread.
   */
  @Override
  public void close() {
    stopAccepting();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
    try {
      while (connections.stream().anyMatch(SocketStreamConnection::writing) && System.nanoTime() - deadline < 0) {
        Thread.sleep(FLUSH_SETTLE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SocketStreamConnection connection : List.copyOf(connections)) {
      IoUtils.safeClose(connection);
    }
  }
}
