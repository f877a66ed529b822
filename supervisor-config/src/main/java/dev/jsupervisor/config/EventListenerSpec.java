package dev.jsupervisor.config;

import dev.jsupervisor.core.ProcessSpec;
import java.util.List;

/**
 * An {@code [eventlistener:x]} pool.
 *
 * @param name the pool (group) name
 * @param priority pool priority (default -1: started first, stopped last)
 * @param bufferSize event queue size (&gt;= 1)
 * @param events subscribed event type names, upper-case, first-seen order, validated
 * @param resultHandler {@code module:callable}; only supervisord's built-in handlers are known
 * @param processes the listener processes
 */
public record EventListenerSpec(String name, int priority, int bufferSize, List<String> events,
    String resultHandler, List<ProcessSpec> processes) {
  public EventListenerSpec {
    events = List.copyOf(events);
    processes = List.copyOf(processes);
  }
}
