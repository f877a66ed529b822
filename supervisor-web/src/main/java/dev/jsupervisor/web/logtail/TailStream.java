package dev.jsupervisor.web.logtail;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One never-ending tail response. Everything after {@link #start} runs on the connection's IO thread:
 * a poll reads what was appended and writes it without blocking; when the client is slow the stream
 * waits for writability instead of reading more (back-pressure); when there is nothing new it polls
 * again after {@link #POLL_MILLIS}. So a tail holds no worker thread, and any number of tails cannot
 * starve {@code /RPC2} calls. A stream costs one {@link #MAX_CHUNK} buffer whatever the producer
 * does: a slow client holds the poll back, and one that falls far behind skips ahead (see {@link
 * TailFollower}). The connection's read side is watched, so a client that disconnects is noticed at
 * once even while the log is quiet (its EOF, or a failed write); then the file and the connection
 * are closed.
 */
final class TailStream {

  private static final System.Logger LOG = System.getLogger(TailStream.class.getName());

  /** supervisord's {@code tail_f_producer} delay. */
  static final long POLL_MILLIS = 100;
  /** The initial tail, as supervisord. */
  static final int HEAD_BYTES = 1024;
  /** The most one poll reads; a faster-growing log is polled again at once. */
  private static final int MAX_CHUNK = 64 * 1024;

  private static final HttpString X_ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

  private final HttpServerExchange exchange;
  private final TailFollower follower;
  private StreamSinkChannel sink;
  /** The chunk being sent; flipped (draining) while {@link #sending}. */
  private final ByteBuffer chunk = ByteBuffer.allocate(MAX_CHUNK);
  private boolean sending;
  private XnioExecutor.Key timer;
  private boolean closed;

  private TailStream(HttpServerExchange exchange, TailFollower follower) {
    this.exchange = exchange;
    this.follower = follower;
  }

  /**
   * Sends the response headers and starts streaming {@code follower}. Called on any thread, with an
   * exchange that is dispatched (not auto-ended); takes ownership of {@code follower}.
   */
  static void start(HttpServerExchange exchange, TailFollower follower, boolean noProxyBuffering)
      throws IOException {
    exchange.setStatusCode(200);
    exchange
        .getResponseHeaders()
        .put(Headers.LAST_MODIFIED, DateUtils.toDateString(new Date(follower.lastModifiedMillis())))
        .put(Headers.CONTENT_TYPE, "text/plain;charset=utf-8");
    if (noProxyBuffering) {
      exchange.getResponseHeaders().put(X_ACCEL_BUFFERING, "no");
    }
    TailStream stream = new TailStream(exchange, follower);
    exchange.getIoThread().execute(stream::begin);
  }

  private void begin() {
    exchange.getConnection().addCloseListener(connection -> close());
    sink = exchange.getResponseChannel();
    sink.getWriteSetter().set(channel -> onWritable());
    watchClient();
    tick();
  }

  /**
   * Reads the connection itself: the request is complete and nothing after it can be served (this
   * response never ends), so what arrives is discarded, and EOF or an error means the client left.
   */
  private void watchClient() {
    if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
      return; // not HTTP/1.1 (we serve nothing else): only a failed write can tell
    }
    StreamSourceChannel source = connection.getChannel().getSourceChannel();
    ByteBuffer scratch = ByteBuffer.allocate(256);
    source.getReadSetter().set(channel -> {
      try {
        int n;
        do {
          scratch.clear();
          n = channel.read(scratch);
        } while (n > 0);
        if (n < 0) {
          LOG.log(Level.DEBUG, "log tail client went away");
          abort();
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "log tail client went away", e);
        abort();
      }
    });
    source.resumeReads();
  }

  private void tick() {
    timer = null;
    if (closed) {
      return;
    }
    try {
      if (!sending) {
        chunk.clear();
        follower.read(chunk);
        chunk.flip();
        sending = true;
      }
      if (!drain()) {
        sink.resumeWrites();
        return;
      }
      if (follower.behind()) {
        exchange.getIoThread().execute(this::tick);
      } else {
        timer = exchange.getIoThread().executeAfter(this::tick, POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "log tail ended", e);
      abort();
    }
  }

  private void onWritable() {
    sink.suspendWrites();
    tick();
  }

  /** Writes {@link #chunk} and flushes; false when the client cannot take more now. */
  private boolean drain() throws IOException {
    while (chunk.hasRemaining()) {
      if (sink.write(chunk) == 0) {
        return false;
      }
    }
    sending = false;
    return sink.flush();
  }

  private void abort() {
    close();
    IoUtils.safeClose(exchange.getConnection());
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer != null) {
      timer.remove();
    }
    IoUtils.safeClose(follower);
  }
}
