package dev.jsupervisor.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * What makes a group an {@code [eventlistener:x]} pool: its members are event listeners that share
 * one event buffer; each event of a subscribed type goes to one READY member. Immutable.
 *
 * @param events the subscribed types (abstract types subscribe to everything below them)
 * @param bufferSize how many events wait at most; the oldest is dropped beyond that
 * @param resultHandler what a listener's result means ({@link ResultHandler#DEFAULT}: {@code OK}
 *     accepts, anything else rejects and the event is buffered again at the head)
 */
public record ListenerPoolSpec(Set<EventType> events, int bufferSize, ResultHandler resultHandler) {
  /** A pool with supervisord's default result handler. */
  public ListenerPoolSpec(Set<EventType> events, int bufferSize) {
    this(events, bufferSize, ResultHandler.DEFAULT);
  }

  public ListenerPoolSpec {
    java.util.Objects.requireNonNull(resultHandler, "resultHandler");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a listener pool subscribes to at least one event type");
    }
    if (bufferSize < 1) {
      throw new IllegalArgumentException("invalid buffer_size (" + bufferSize + ")");
    }
    events = Set.copyOf(EnumSet.copyOf(events));
  }

  /** Whether an event of {@code type} goes to this pool. */
  public boolean subscribes(EventType type) {
    for (EventType e : events) {
      if (type.isA(e)) {
        return true;
      }
    }
    return false;
  }
}
