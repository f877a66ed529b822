package dev.jsupervisor.web.logtail;

import io.undertow.server.HttpServerExchange;
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

/**
 * One never-ending tail response. Everything after {@link #start} runs on the connection's IO thread:
 * a poll reads what was appended and writes it without blocking; when the client is slow the stream
 * waits for writability instead of reading more (back-pressure); when there is nothing new it polls
 * again after {@link #POLL_MILLIS}. So a tail holds no worker thread, and any number of tails cannot
 * starve {@code /RPC2} calls. A client that disconnects is noticed when the connection closes or the
 * next write fails; then the file is closed.
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
  private ByteBuffer pending;
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
    tick();
  }

  private void tick() {
    timer = null;
    if (closed) {
      return;
    }
    try {
      if (pending == null) {
        byte[] data = follower.poll(MAX_CHUNK);
        pending = ByteBuffer.wrap(data);
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

  /** Writes {@link #pending} and flushes; false when the client cannot take more now. */
  private boolean drain() throws IOException {
    while (pending.hasRemaining()) {
      if (sink.write(pending) == 0) {
        return false;
      }
    }
    pending = null;
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
