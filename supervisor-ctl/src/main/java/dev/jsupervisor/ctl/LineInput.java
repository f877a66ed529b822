package dev.jsupervisor.ctl;

import java.io.InterruptedIOException;

/**
 * Where the shell's lines come from: {@link StreamLineInput} for piped or embedded input (today's
 * plain reads), {@link TerminalLineInput} for a terminal (line editing, history, Tab completion).
 * Used by the session thread; only {@link #interrupt()} may be called from another thread.
 */
interface LineInput extends AutoCloseable {
  /**
   * Shows {@code prompt} and waits for the next line (without its line terminator).
   *
   * @return the line, or null at end of input (Ctrl-D on an empty line)
   * @throws InterruptedIOException when Ctrl-C was pressed while waiting
   */
  String readLine(String prompt) throws InterruptedIOException;

  /** As {@link #readLine}, without echoing what is typed and without keeping it in the history. */
  String readSecret(String prompt) throws InterruptedIOException;

  /**
   * Wakes a waiting {@link #readLine} with an interrupt (the Ctrl-C handler calls it).
   *
   * @return false if nobody was waiting for input here (the interrupt is then dropped)
   */
  boolean interrupt();

  /** Gives back what the input holds (a terminal's modes); nothing by default. Never throws. */
  @Override
  default void close() {}
}
