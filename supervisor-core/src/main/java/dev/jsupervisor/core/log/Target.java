package dev.jsupervisor.core.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/** One destination of a {@link ProcessLog}. Called with the ProcessLog's lock held. */
interface Target {
  void write(byte[] buf, int off, int len) throws IOException;

  /**
   * True if {@link #write(ByteBuffer)} takes a direct buffer without copying it to the heap; a
   * {@link ProcessLog} whose targets all do hands them the launcher's read buffer as it is.
   */
  default boolean takesBuffers() {
    return false;
  }

  /** Writes {@code src}'s remaining bytes (its position moves to the limit). */
  default void write(ByteBuffer src) throws IOException {
    byte[] b = new byte[src.remaining()];
    src.get(b);
    write(b, 0, b.length);
  }

  /** Reopens after an external move (logrotate); no-op for non-files. */
  void reopen() throws IOException;

  /** Deletes and reopens; no-op for non-files. */
  void clear() throws IOException;

  void close();

  /** The file written, if this is a file target. */
  Optional<Path> file();

  /** For messages: the path or the target's name. */
  String describe();
}
