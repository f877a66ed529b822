package dev.jsupervisor.core;

/**
 * An expected failure of a control command (start, stop, signal, ...), with a {@link Reason} that
 * maps one-to-one onto supervisord's fault codes. The message is the text supervisord puts after
 * the fault name (usually the process name).
 */
public final class ControlException extends Exception {

  /** Why a command failed; the names are supervisord's fault names. */
  public enum Reason {
    BAD_NAME, BAD_SIGNAL, NO_FILE, NOT_EXECUTABLE, FAILED, ABNORMAL_TERMINATION, SPAWN_ERROR,
    ALREADY_STARTED, NOT_RUNNING, ALREADY_ADDED, STILL_RUNNING, SHUTDOWN_STATE, BAD_ARGUMENTS
  }

  private final Reason reason;
  private final String detail;

  public ControlException(Reason reason, String detail) {
    super(detail.isEmpty() ? reason.name() : reason.name() + ": " + detail);
    this.reason = reason;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /** The text after the fault name, e.g. the process name; may be empty. */
  public String detail() {
    return detail;
  }
}
