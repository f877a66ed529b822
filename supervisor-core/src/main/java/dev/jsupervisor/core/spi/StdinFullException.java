package dev.jsupervisor.core.spi;

import java.io.IOException;

/**
 * A stdin write refused because the child already has {@link ChildProcess#STDIN_BUFFER_BYTES}
 * waiting for its pipe (it does not read, or not fast enough). Nothing of the refused write was
 * queued; earlier writes are unaffected.
 */
public final class StdinFullException extends IOException {
  private final long waiting;

  /**
   * @param label the child, for the message
   * @param waiting how many bytes were waiting for the pipe when the write was refused
   */
  public StdinFullException(String label, long waiting) {
    super("stdin buffer of " + label + " is full: " + waiting + " bytes not yet read by the child");
    this.waiting = waiting;
  }

  /** How many bytes were waiting for the pipe when the write was refused. */
  public long waiting() {
    return waiting;
  }
}
