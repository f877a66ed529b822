package dev.jsupervisor.config;

import dev.jsupervisor.core.EventType;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ListenerPoolSpec;
import dev.jsupervisor.core.ProcessSpec;
import java.util.List;
import java.util.Optional;

/**
 * An {@code [eventlistener:x]} pool.
 *
 * @param name the pool (group) name
 * @param priority pool priority (default -1: started first, stopped last)
 * @param bufferSize event queue size (&gt;= 1)
 * @param events subscribed event type names, upper-case, first-seen order, validated
 * @param resultHandler {@code module:callable}; only supervisord's {@code default_handler} is known
 * @param processes the listener processes
 */
public record EventListenerSpec(String name, int priority, int bufferSize, List<String> events,
    String resultHandler, List<ProcessSpec> processes) {
  public EventListenerSpec {
    events = List.copyOf(events);
    processes = List.copyOf(processes);
  }

  /** The engine's group for this pool: its listeners as members, with the pool's events and buffer. */
  public GroupSpec group() {
    return new GroupSpec(name, priority, processes, Optional.of(new ListenerPoolSpec(
        events.stream().map(e -> EventType.byName(e).orElseThrow()).collect(java.util.stream.Collectors.toSet()),
        bufferSize)));
  }
}
