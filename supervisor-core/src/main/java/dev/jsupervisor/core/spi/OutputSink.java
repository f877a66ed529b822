package dev.jsupervisor.core.spi;

/**
 * Receives the bytes a child writes to one of its output pipes, in order, unframed. Called by the
 * launcher's I/O thread; implementations must not block for long (a slow sink slows every child's
 * output) and must not keep {@code buf} after returning (the launcher reuses it).
 */
@FunctionalInterface
public interface OutputSink {
  /** Output that is thrown away ({@code /dev/null}, {@code NONE}). */
  OutputSink DISCARD = (buf, off, len) -> {};

  void write(byte[] buf, int off, int len);
}
