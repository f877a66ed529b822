package dev.jsupervisor.core.spi;

import java.nio.ByteBuffer;

/**
 * An {@link OutputSink} that takes the launcher's read buffer as it is (a direct buffer the
 * launcher read the pipe into), so that bytes bound for a file go from the pipe to the file
 * without a copy through the Java heap. A launcher may call either method; it must not call both
 * for the same bytes. Called by the launcher's I/O thread; must not block for long and must not
 * keep {@code src} after returning (the launcher reuses it).
 */
public interface DirectOutputSink extends OutputSink {
  /**
   * Takes the bytes from {@code src}'s position to its limit. On return the position may be
   * anywhere up to the limit; the launcher resets it before the next read.
   */
  void write(ByteBuffer src);
}
