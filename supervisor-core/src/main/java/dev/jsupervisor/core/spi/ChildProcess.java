package dev.jsupervisor.core.spi;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A running child started by a {@link ProcessLauncher}. Each child leads its own process group
 * (pgid == pid). Methods may be called from any thread.
 */
public interface ChildProcess {
  /**
   * The most stdin bytes a child may have waiting for its pipe (beyond what the pipe itself holds):
   * once some wait, a write that would exceed this is refused with a {@link StdinFullException}. A
   * write to an empty queue is always taken, whatever its size.
   */
  int STDIN_BUFFER_BYTES = 1024 * 1024;

  /** The child's pid (also its process-group id). */
  int pid();

  /**
   * Sends {@code signal} to the child, or to its whole process group when {@code group}.
   * A child that is already gone (ESRCH) is not an error.
   *
   * @throws IOException for any other failure (e.g. EPERM), with the OS error text
   */
  void signal(int signal, boolean group) throws IOException;

  /**
   * Writes to the child's stdin pipe, blocking the caller until the bytes are in the pipe.
   *
   * @throws IOException when stdin is closed or the child closed its end (EPIPE)
   */
  void writeStdin(byte[] data) throws IOException;

  /**
   * Queues {@code data} for the child's stdin and returns at once, never blocking the caller;
   * queued writes reach the pipe in order. {@code done} is called exactly once: with null when every
   * byte is in the pipe, or with the IOException that ended the write (stdin closed, EPIPE, or a
   * {@link StdinFullException} when the child already has {@link #STDIN_BUFFER_BYTES} waiting). It
   * runs on the calling thread when the write completes or fails at once, else on the launcher's
   * thread, and must not block.
   */
  void writeStdinAsync(byte[] data, Consumer<IOException> done);

  /** Closes the child's stdin pipe (the child then reads EOF). Idempotent. */
  void closeStdin();
}
