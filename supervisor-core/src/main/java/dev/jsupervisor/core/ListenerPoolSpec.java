package dev.jsupervisor.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * What makes a group an {@code [eventlistener:x]} pool: its members are event listeners that share
 * one event buffer; each event of a subscribed type goes to one READY member. The result handler
 * is supervisord's default: {@code OK} accepts an event, anything else rejects it (it is buffered
 * again at the head). Immutable.
 *
 * @param events the subscribed types (abstract types subscribe to everything below them)
 * @param bufferSize how many events wait at most; the oldest is dropped beyond that
 */
public record ListenerPoolSpec(Set<EventType> events, int bufferSize) {
  public ListenerPoolSpec {
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
