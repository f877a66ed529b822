package dev.jsupervisor.core;

/** The supervisor's own state ("mood"), with supervisord's codes as returned by {@code getState}. */
public enum SupervisorState {
  FATAL(2),
  RUNNING(1),
  RESTARTING(0),
  SHUTDOWN(-1);

  private final int code;

  SupervisorState(int code) {
    this.code = code;
  }

  /** supervisord's numeric code ({@code statecode}). */
  public int code() {
    return code;
  }
}
