package dev.jsupervisor.core.spi;

/**
 * An {@link OutputSink} whose bytes a launcher may have the kernel move straight from the child's
 * pipe into the one file the sink writes (splice(2)), never reading them into the launcher. A sink
 * implements this only when that is exactly what {@link #write} would do with the same bytes: no
 * framing, no filtering, no copy kept, no second destination. The sink keeps what a write would
 * do around it (its byte counts, rotation). A launcher may mix {@link #splice} and {@link #write}
 * for one pipe (never for the same bytes). Called by the launcher's I/O thread.
 */
public interface SplicingSink extends OutputSink {
  /** {@link #splice}'s answer when it moved nothing and the launcher should read and {@link #write}. */
  long NOT_SPLICED = Long.MIN_VALUE;

  /** Moves bytes out of one child's pipe. */
  @FunctionalInterface
  interface PipeSource {
    /**
     * splice(2)s at most {@code max} bytes from the pipe into {@code fd} at its file position.
     *
     * @return the bytes moved, 0 at the pipe's end (no writer left, nothing buffered), or minus
     *     the errno (nothing moved)
     */
    long spliceTo(int fd, long max);
  }

  /**
   * Whether this sink takes spliced bytes at all: asked once per pipe when the launcher starts
   * watching it; false makes the launcher read and {@link #write} as for any sink.
   */
  boolean takesSplicedBytes();

  /**
   * Calls {@code from.spliceTo} at most once, with the sink's file, and accounts for the bytes
   * moved as a write of them would. Never throws.
   *
   * @return what {@code spliceTo} returned, or {@link #NOT_SPLICED} when the sink cannot take
   *     spliced bytes this time (closed, its file cannot be opened): the launcher reads instead
   */
  long splice(PipeSource from, long max);

  /**
   * The launcher's splice failed with an error other than EAGAIN/EINTR (the bytes are still in the
   * pipe): from now on this sink gets only {@link #write}, also for later pipes. Reported once.
   */
  void spliceFailed(String reason);
}
