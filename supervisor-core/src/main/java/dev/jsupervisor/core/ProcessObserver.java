package dev.jsupervisor.core;

/**
 * Where a {@link SupervisedProcess} reports what happened to it. Loop thread only; must not throw.
 */
interface ProcessObserver {
  /** After every state change, once the process's own watchers have seen it. */
  void transitioned(SupervisedProcess process, SupervisorEvent.ProcessStateChanged event);

  /** An event of the process other than a state change (its output, with events enabled). */
  void emitted(SupervisedProcess process, SupervisorEvent event);

  /** Something the snapshot shows changed without a state change (e.g. the pid was cleared). */
  void changed(SupervisedProcess process);
}
