package dev.jsupervisor.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * TCP and HTTP(S) probe attempts for every process on one lazily started daemon thread
 * ({@code supervisor-probes}) with one {@link Selector}: connects, writes and reads are
 * non-blocking, TLS included ({@link ProbeTls}: an SSLEngine over the same channel, its
 * certificate checks run on that thread). Host names are resolved on that thread. Timeouts are the
 * caller's (a loop timer cancels). Any thread may start or cancel attempts.
 */
final class NioProbeTransport implements ProbeTransport {
  /** Bytes of an HTTP reply read at most (status line, headers and the start of the body). */
  static final int MAX_REPLY = 64 << 10;

  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private Selector selector; // guarded by this
  private Thread thread; // guarded by this
  private boolean closed; // guarded by this

  @Override
  public Attempt start(ProbeSpec.Check check, Consumer<String> done) {
    Conn c = new Conn(check, done);
    post(c::open);
    return () -> post(() -> c.finish(null, false));
  }

  private void post(Runnable r) {
    Selector s;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (thread == null) {
        try {
          selector = Selector.open();
        } catch (IOException e) {
          throw new IllegalStateException("cannot open a selector for probes: " + e.getMessage(), e);
        }
        thread = new Thread(this::run, "supervisor-probes");
        thread.setDaemon(true);
        thread.start();
      }
      s = selector;
    }
    inbox.add(r);
    s.wakeup();
  }

  private void run() {
    Selector s;
    synchronized (this) {
      s = selector;
    }
    while (true) {
      synchronized (this) {
        if (closed) {
          break;
        }
      }
      Runnable r;
      while ((r = inbox.poll()) != null) {
        r.run();
      }
      try {
        s.select();
      } catch (IOException e) {
        break;
      }
      Iterator<SelectionKey> it = s.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        ((Conn) k.attachment()).ready(k);
      }
    }
    for (SelectionKey k : s.keys()) {
      ((Conn) k.attachment()).finish(null, false);
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing left to tell anybody
    }
  }

  @Override
  public void close() {
    Selector s;
    synchronized (this) {
      closed = true;
      s = selector;
    }
    if (s != null) {
      s.wakeup();
    }
  }

  /** One attempt; probe thread only. */
  private final class Conn {
    private final ProbeSpec.Check check;
    private final Consumer<String> done;
    private SocketChannel channel;
    private boolean finished;
    private ByteBuffer request;
    private ByteBuffer reply = ByteBuffer.allocate(MAX_REPLY);
    private ProbeTls tls; // https: set once connected

    Conn(ProbeSpec.Check check, Consumer<String> done) {
      this.check = check;
      this.done = done;
    }

    void open() {
      if (finished) {
        return;
      }
      String host;
      int port;
      if (check instanceof ProbeSpec.Tcp t) {
        host = t.host();
        port = t.port();
      } else if (check instanceof ProbeSpec.Http h) {
        host = h.host();
        port = h.port();
        request = ByteBuffer.wrap(("GET " + h.path() + " HTTP/1.0\r\nHost: " + host + ":" + port
            + "\r\nUser-Agent: jsupervisor-probe\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      } else {
        finish("not a network probe: " + check.describe(), true);
        return;
      }
      try {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
          finish("cannot resolve " + host, true);
          return;
        }
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        Selector s;
        synchronized (NioProbeTransport.this) {
          s = selector;
        }
        if (channel.connect(address)) {
          connected(channel.register(s, 0, this));
        } else {
          channel.register(s, SelectionKey.OP_CONNECT, this);
        }
      } catch (SSLException e) {
        finish("TLS: " + tlsReason(e), true);
      } catch (IOException | RuntimeException e) {
        finish(reason(e), true);
      }
    }

    void ready(SelectionKey k) {
      try {
        if (k.isValid() && k.isConnectable()) {
          channel.finishConnect();
          connected(k);
        } else if (k.isValid() && tls != null) {
          tlsStep(k);
        } else if (k.isValid() && k.isWritable()) {
          channel.write(request);
          if (!request.hasRemaining()) {
            k.interestOps(SelectionKey.OP_READ);
          }
        } else if (k.isValid() && k.isReadable()) {
          int n = channel.read(reply);
          judgeReply(n < 0 || !reply.hasRemaining());
        }
      } catch (SSLException e) {
        finish("TLS: " + tlsReason(e), true);
      } catch (IOException | RuntimeException e) {
        finish(reason(e), true);
      }
    }

    private void connected(SelectionKey k) throws IOException {
      if (request == null) {
        finish(null, true);
      } else if (check instanceof ProbeSpec.Http h && h.tls() != ProbeSpec.Tls.NONE) {
        tls = new ProbeTls(h.host(), h.port(), h.tls());
        reply = ByteBuffer.allocate(MAX_REPLY + tls.recordSize()); // unwrap needs room for a whole record
        tlsStep(k);
      } else {
        k.interestOps(SelectionKey.OP_WRITE);
      }
    }

    /** Moves the TLS session on, then judges what plaintext reply there is. */
    private void tlsStep(SelectionKey k) throws IOException {
      int wait = tls.pump(channel, request, reply);
      judgeReply(wait == ProbeTls.ENDED || reply.position() >= MAX_REPLY);
      if (!finished) {
        k.interestOps(wait == ProbeTls.ENDED ? 0 : wait);
      }
    }

    /** Decides once the reply says enough (or ended). */
    private void judgeReply(boolean ended) {
      ProbeSpec.Http h = (ProbeSpec.Http) check;
      String text = new String(reply.array(), 0, reply.position(), StandardCharsets.ISO_8859_1);
      int eol = text.indexOf("\r\n");
      if (eol < 0) {
        if (ended) {
          finish(text.isEmpty() ? "connection closed without a reply" : "no HTTP status line", true);
        }
        return;
      }
      String[] status = text.substring(0, eol).split(" ", 3);
      int code;
      try {
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
          throw new NumberFormatException();
        }
        code = Integer.parseInt(status[1]);
      } catch (NumberFormatException e) {
        finish("not an HTTP status line: " + text.substring(0, Math.min(eol, 80)), true);
        return;
      }
      if (code < h.statusMin() || code > h.statusMax()) {
        finish("HTTP status " + code, true);
        return;
      }
      if (h.bodyContains().isEmpty()) {
        finish(null, true);
        return;
      }
      int bodyAt = text.indexOf("\r\n\r\n");
      String needle = h.bodyContains().get();
      if (bodyAt >= 0 && new String(reply.array(), bodyAt + 4, reply.position() - bodyAt - 4, StandardCharsets.UTF_8)
          .contains(needle)) {
        finish(null, true);
      } else if (ended) {
        finish("HTTP status " + code + ", body without '" + needle + "'", true);
      }
    }

    void finish(String failure, boolean report) {
      if (finished) {
        return;
      }
      finished = true;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing a probe socket: nothing to do about it
        }
      }
      if (report) {
        done.accept(failure);
      }
    }

    /** The JDK's TLS text without its exception class names ({@code PKIX path building failed: …}). */
    private String tlsReason(SSLException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      m = m.replaceAll("[\\w.$]+(Exception|Error): ", "");
      return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    private String reason(Exception e) {
      String m = e.getMessage();
      String what = e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
      return m == null || m.isBlank() ? what : m.toLowerCase(Locale.ROOT);
    }
  }
}
