package dev.jsupervisor.core;

import java.util.Optional;

/**
 * An event as listener pools receive it: its concrete type and its payload exactly as supervisord
 * renders it ({@code events.py}). Immutable.
 */
record EventNotification(EventType type, String payload) {

  /** The notification for an engine event; empty for one listeners never hear of. */
  static Optional<EventNotification> of(SupervisorEvent event) {
    if (event instanceof SupervisorEvent.ProcessStateChanged e) {
      return Optional.of(processState(e));
    }
    if (event instanceof SupervisorEvent.GroupAdded e) {
      return Optional.of(new EventNotification(EventType.PROCESS_GROUP_ADDED, "groupname:" + e.group() + "\n"));
    }
    if (event instanceof SupervisorEvent.GroupRemoved e) {
      return Optional.of(new EventNotification(EventType.PROCESS_GROUP_REMOVED, "groupname:" + e.group() + "\n"));
    }
    if (event instanceof SupervisorEvent.RemoteCommunication e) {
      return Optional.of(new EventNotification(EventType.REMOTE_COMMUNICATION, "type:" + e.type() + "\n" + e.data()));
    }
    if (event instanceof SupervisorEvent.ProcessOutput e) {
      return Optional.of(processLog(e));
    }
    if (event instanceof SupervisorEvent.ProcessCommunication e) {
      return Optional.of(new EventNotification(e.channel() == Channel.STDOUT
          ? EventType.PROCESS_COMMUNICATION_STDOUT : EventType.PROCESS_COMMUNICATION_STDERR,
          "processname:" + e.name().name() + " groupname:" + e.name().group() + " pid:" + e.pid() + "\n"
              + PythonText.decode(e.data())));
    }
    if (event instanceof SupervisorEvent.SupervisorStateChanged e) {
      if (e.to() == SupervisorState.RUNNING) {
        return Optional.of(new EventNotification(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, ""));
      }
      if (e.from() == SupervisorState.RUNNING) {
        return Optional.of(new EventNotification(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, ""));
      }
    }
    return Optional.empty();
  }

  /** {@code TICK_5}/{@code TICK_60}/{@code TICK_3600} for the period slice starting at {@code when}. */
  static EventNotification tick(EventType type, long when) {
    return new EventNotification(type, "when:" + when);
  }

  private static EventNotification processLog(SupervisorEvent.ProcessOutput e) {
    String channel = e.channel() == Channel.STDOUT ? "stdout" : "stderr";
    return new EventNotification(e.channel() == Channel.STDOUT ? EventType.PROCESS_LOG_STDOUT : EventType.PROCESS_LOG_STDERR,
        "processname:" + e.name().name() + " groupname:" + e.name().group() + " pid:" + e.pid() + " channel:" + channel
            + "\n" + PythonText.decode(e.data()));
  }

  private static EventNotification processState(SupervisorEvent.ProcessStateChanged e) {
    StringBuilder b = new StringBuilder()
        .append("processname:").append(e.name().name())
        .append(" groupname:").append(e.name().group())
        .append(" from_state:").append(e.from().name());
    switch (e.to()) {
      case STARTING, BACKOFF -> b.append(" tries:").append(e.tries());
      case EXITED -> b.append(" expected:").append(e.expected() ? 1 : 0).append(" pid:").append(e.pid());
      case RUNNING, STOPPING, STOPPED -> b.append(" pid:").append(e.pid());
      case FATAL, UNKNOWN -> { }
    }
    return new EventNotification(EventType.valueOf("PROCESS_STATE_" + e.to().name()), b.toString());
  }
}
