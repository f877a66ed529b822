package dev.jsupervisor.core;

/**
 * The supervisor's own state (supervisord's "mood"): RESTARTING until start-up, RUNNING, then
 * SHUTDOWN. Every command but a few checks it first; processes ask it before restarting by
 * themselves. Loop thread only.
 */
final class Mood {
  private SupervisorState state = SupervisorState.RESTARTING;

  SupervisorState state() {
    return state;
  }

  /**
   * Moves to {@code next}.
   *
   * @return the event to publish, or null when the state did not change
   */
  SupervisorEvent.SupervisorStateChanged set(SupervisorState next) {
    if (next == state) {
      return null;
    }
    SupervisorEvent.SupervisorStateChanged event = new SupervisorEvent.SupervisorStateChanged(state, next);
    state = next;
    return event;
  }

  /** False while starting up or shutting down: no autorestart, no retry after BACKOFF. */
  boolean mayRestart() {
    return state == SupervisorState.RUNNING;
  }

  /** Throws SHUTDOWN_STATE unless RUNNING (supervisord's {@code _update}). */
  void checkRunning() throws ControlException {
    if (state != SupervisorState.RUNNING) {
      throw new ControlException(ControlException.Reason.SHUTDOWN_STATE, "");
    }
  }
}
