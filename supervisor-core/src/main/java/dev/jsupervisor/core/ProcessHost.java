package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ProcessLauncher;
import java.util.Map;

/**
 * What a {@link SupervisedProcess} needs from the supervisor around it. Implemented by
 * {@link SupervisorCore}; every method is called on the loop thread.
 */
interface ProcessHost {
  SupervisorLoop loop();

  ProcessLauncher launcher();

  ActivityLog activityLog();

  /** Records an event for listeners (flushed after the current batch). */
  void publish(SupervisorEvent event);

  /** Something shown in the snapshot changed without a state change. */
  void changed();

  /** Called after every state change, once the event is recorded. */
  void stateChanged(SupervisedProcess process, ProcessState from, ProcessState to);

  /** False while shutting down or reloading: no autorestart, no retry after BACKOFF. */
  boolean mayRestart();

  /** The environment every child starts from: the supervisor's own, then SUPERVISOR_* and the builder's. */
  Map<String, String> childEnvironment(SupervisedProcess process);
}
