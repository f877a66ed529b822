package dev.jsupervisor.core;

import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's event types (its {@code EventTypes}), by their config and wire names. Abstract
 * types ({@link #EVENT}, {@link #PROCESS_STATE}, …) are never emitted; subscribing to one
 * subscribes to every type below it. Immutable.
 */
public enum EventType {
  EVENT(null, true),
  PROCESS_STATE(EVENT, true),
  PROCESS_STATE_STOPPED(PROCESS_STATE, false),
  PROCESS_STATE_EXITED(PROCESS_STATE, false),
  PROCESS_STATE_STARTING(PROCESS_STATE, false),
  PROCESS_STATE_STOPPING(PROCESS_STATE, false),
  PROCESS_STATE_BACKOFF(PROCESS_STATE, false),
  PROCESS_STATE_FATAL(PROCESS_STATE, false),
  PROCESS_STATE_RUNNING(PROCESS_STATE, false),
  PROCESS_STATE_UNKNOWN(PROCESS_STATE, false),
  PROCESS_LOG(EVENT, true),
  PROCESS_LOG_STDOUT(PROCESS_LOG, false),
  PROCESS_LOG_STDERR(PROCESS_LOG, false),
  PROCESS_COMMUNICATION(EVENT, true),
  PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false),
  PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false),
  REMOTE_COMMUNICATION(EVENT, false),
  SUPERVISOR_STATE_CHANGE(EVENT, true),
  SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false),
  SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false),
  TICK(EVENT, true),
  TICK_5(TICK, false),
  TICK_60(TICK, false),
  TICK_3600(TICK, false),
  PROCESS_GROUP(EVENT, true),
  PROCESS_GROUP_ADDED(PROCESS_GROUP, false),
  PROCESS_GROUP_REMOVED(PROCESS_GROUP, false);

  private final EventType parent;
  private final boolean isAbstract;

  EventType(EventType parent, boolean isAbstract) {
    this.parent = parent;
    this.isAbstract = isAbstract;
  }

  /** Whether this type is only a subscription (never emitted). */
  public boolean isAbstract() {
    return isAbstract;
  }

  /** Whether a subscription to {@code subscribed} receives events of this type. */
  public boolean isA(EventType subscribed) {
    for (EventType t = this; t != null; t = t.parent) {
      if (t == subscribed) {
        return true;
      }
    }
    return false;
  }

  /** The type named {@code name} (case-insensitive, as supervisord's {@code events=}), if any. */
  public static Optional<EventType> byName(String name) {
    try {
      return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
