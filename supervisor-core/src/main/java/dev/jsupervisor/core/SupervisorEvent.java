package dev.jsupervisor.core;

/**
 * Something that happened in the supervisor, delivered to {@link SupervisorListener}s in order and,
 * as supervisord's event types ({@link EventType}), to the event-listener pools that subscribe.
 * TICK events go to pools only.
 */
public sealed interface SupervisorEvent {

  /**
   * A process changed state.
   *
   * @param expected for EXITED: whether the exit code was in exitcodes; false otherwise
   * @param pid the pid involved (0 when none, e.g. BACKOFF → STOPPED)
   * @param tries the backoff counter at that moment (supervisord's {@code tries})
   */
  record ProcessStateChanged(
      ProcessName name, ProcessState from, ProcessState to, boolean expected, int pid, int tries)
      implements SupervisorEvent {}

  /** A group became active (at start-up, reload, or addProcessGroup). */
  record GroupAdded(String group) implements SupervisorEvent {}

  /** A group was removed. */
  record GroupRemoved(String group) implements SupervisorEvent {}

  /**
   * supervisord's REMOTE_COMMUNICATION: a client sent {@code sendRemoteCommEvent(type, data)}.
   * Delivered to listeners and to event-listener pools like every other event.
   */
  record RemoteCommunication(String type, String data) implements SupervisorEvent {}

  /**
   * A process with {@code *_events_enabled} wrote output: one chunk as it was read (supervisord's
   * PROCESS_LOG_STDOUT/STDERR). {@code data} must not be modified.
   */
  record ProcessOutput(ProcessName name, Channel channel, int pid, byte[] data) implements SupervisorEvent {}

  /**
   * A process in capture mode ({@code *_capture_maxbytes}) wrote a message between supervisord's
   * BEGIN and END tokens (PROCESS_COMMUNICATION_STDOUT/STDERR). {@code data} must not be modified.
   */
  record ProcessCommunication(ProcessName name, Channel channel, int pid, byte[] data) implements SupervisorEvent {}

  /** The supervisor itself changed state (RUNNING when started, SHUTDOWN/RESTARTING when stopping). */
  record SupervisorStateChanged(SupervisorState from, SupervisorState to) implements SupervisorEvent {}
}
