package dev.jsupervisor.core;

/**
 * Something that happened in the supervisor, delivered to {@link SupervisorListener}s in order and,
 * as supervisord's event types ({@link EventType}), to the event-listener pools that subscribe.
 * TICK events go to pools only; {@link LivenessFailed} and {@link ChangeDetected}, which supervisord
 * lacks, go to listeners only.
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

  /**
   * A RUNNING process's liveness probe failed ({@code liveness_failure_threshold} attempts in a row)
   * and the process is being restarted: stopped as by {@code stop}, then started again. Published
   * before that stop's STOPPING. An engine event only: supervisord has no event type for it, so
   * event-listener pools do not hear of it.
   *
   * @param pid the child being restarted
   * @param cause the last failed attempt, e.g. {@code http://127.0.0.1:8080/healthz: HTTP status 503}
   * @param restarts how often a failing liveness probe has restarted this process, this time included
   */
  record LivenessFailed(ProcessName name, int pid, String cause, int restarts) implements SupervisorEvent {
    public LivenessFailed {
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * The seed's restart on change acted on a RUNNING process: a watched file changed (after the
   * burst of changes settled) and {@code action} was taken. An engine event only: supervisord has
   * no event type for it, so event-listener pools do not hear of it.
   *
   * @param trigger which watch fired
   * @param changed some of the paths that changed (at most {@link #MAX_PATHS}, in the order seen)
   * @param action what was done
   */
  record ChangeDetected(ProcessName name, Trigger trigger, java.util.List<java.nio.file.Path> changed, Action action)
      implements SupervisorEvent {
    /** How many changed paths an event carries at most. */
    public static final int MAX_PATHS = 10;

    public ChangeDetected {
      changed = java.util.List.copyOf(changed);
    }

    /** {@code restart_when_binary_changed} or {@code restart_directory_monitor}. */
    public enum Trigger { BINARY, FILES }

    /** {@code restart_cmd_when_*_changed}, {@code restart_signal_when_*_changed}, or stop and start. */
    public enum Action { COMMAND, SIGNAL, RESTART }
  }
}
