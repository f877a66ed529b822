package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.OutputSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * supervisord's capture mode for one channel of one child ({@code *_capture_maxbytes} &gt; 0):
 * output goes to the normal sink until {@code <!--XSUPERVISOR:BEGIN-->}, then to a buffer bounded
 * as supervisord's {@code BoundIO} (and to the events-only sink, since supervisord also makes
 * PROCESS_LOG events of it) until {@code <!--XSUPERVISOR:END-->}, when the buffer goes to
 * {@code onCommunication}. Tokens split across reads are kept until decided; as in supervisord,
 * nothing is decided while the pending bytes are not longer than the awaited token. Called on the
 * launcher's I/O thread only (as every sink).
 */
final class CaptureSink implements OutputSink {
  static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
  static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONE = new byte[0];

  private final OutputSink normal;
  private final OutputSink capturedEvents;
  private final int maxbytes;
  private final Consumer<byte[]> onCommunication;
  private byte[] pending = NONE;
  private byte[] captured = NONE;
  private boolean capturing;

  /**
   * @param normal where output outside the tokens goes (the log, and its events if enabled)
   * @param capturedEvents where captured output also goes (PROCESS_LOG events, or nowhere)
   * @param onCommunication receives each captured message at its END token, on the I/O thread
   */
  CaptureSink(OutputSink normal, OutputSink capturedEvents, int maxbytes, Consumer<byte[]> onCommunication) {
    this.normal = normal;
    this.capturedEvents = capturedEvents;
    this.maxbytes = maxbytes;
    this.onCommunication = onCommunication;
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    byte[] joined = Arrays.copyOf(pending, pending.length + len);
    System.arraycopy(buf, off, joined, pending.length, len);
    pending = joined;
    while (true) {
      byte[] token = capturing ? END : BEGIN;
      if (pending.length <= token.length) {
        return;
      }
      byte[] data = pending;
      pending = NONE;
      int at = indexOf(data, token);
      if (at < 0) {
        int keep = prefixAtEnd(data, token);
        pending = Arrays.copyOfRange(data, data.length - keep, data.length);
        record(data, 0, data.length - keep);
        return;
      }
      record(data, 0, at);
      toggle();
      pending = Arrays.copyOfRange(data, at + token.length, data.length);
      if (pending.length == 0) {
        return;
      }
    }
  }

  private void record(byte[] data, int off, int len) {
    if (len == 0) {
      return;
    }
    if (!capturing) {
      normal.write(data, off, len);
      return;
    }
    capturedEvents.write(data, off, len);
    // BoundIO.write: when over the bound, drop as many leading bytes as are written
    byte[] kept = captured.length + len > maxbytes ? Arrays.copyOfRange(captured, Math.min(len, captured.length),
        captured.length) : captured;
    byte[] next = Arrays.copyOf(kept, kept.length + len);
    System.arraycopy(data, off, next, kept.length, len);
    captured = next;
  }

  private void toggle() {
    capturing = !capturing;
    if (!capturing) {
      byte[] message = captured;
      captured = NONE;
      onCommunication.accept(message);
    }
  }

  private static int indexOf(byte[] data, byte[] token) {
    outer:
    for (int i = 0; i + token.length <= data.length; i++) {
      for (int j = 0; j < token.length; j++) {
        if (data[i + j] != token[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The length of the longest proper prefix of {@code token} that {@code data} ends with. */
  private static int prefixAtEnd(byte[] data, byte[] token) {
    for (int n = Math.min(token.length - 1, data.length); n > 0; n--) {
      if (Arrays.equals(data, data.length - n, data.length, token, 0, n)) {
        return n;
      }
    }
    return 0;
  }
}
