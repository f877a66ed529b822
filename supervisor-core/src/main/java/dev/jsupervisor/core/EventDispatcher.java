package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Routes events to listener pools, as supervisord's {@code events.notify} and main loop do: every
 * event the engine records ({@link #record}) and every tick is offered to each active pool that
 * subscribes to its type, in the order the pools became active; the global serial is taken when the
 * first pool accepts it (events nobody subscribes to take none). A pool is active from its own
 * PROCESS_GROUP_ADDED on (so it hears of itself and of the groups after it) until just before its
 * PROCESS_GROUP_REMOVED. An accepted event is sent at once if a listener of the pool can take it;
 * a listener that becomes READY or RUNNING gets the buffered events after the current task.
 * Loop thread only (and the starting thread before the loop runs).
 */
final class EventDispatcher {
  private static final EnumSet<EventType> TICKS = EnumSet.of(EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600);

  private final ProcessTable table;
  private final SupervisorLoop loop;
  private final TickClock ticks;
  private final List<EventListenerPool> active = new ArrayList<>();
  /** The last global serial given (supervisord's GlobalSerial; may outlive this dispatcher). */
  private final java.util.concurrent.atomic.AtomicLong serial;
  private boolean dispatchScheduled;

  EventDispatcher(ProcessTable table, SupervisorLoop loop, java.util.concurrent.atomic.AtomicLong serial) {
    this.table = table;
    this.loop = loop;
    this.serial = serial;
    this.ticks = new TickClock(loop, (type, when) -> offer(EventNotification.tick(type, when)));
  }

  /** An event the engine recorded; state changes of listeners also drive their pools. */
  void record(SupervisorEvent event) {
    if (event instanceof SupervisorEvent.GroupAdded g) {
      Optional.ofNullable(table.group(g.group())).flatMap(ProcessGroup::listenerPool).ifPresent(this::activate);
    } else if (event instanceof SupervisorEvent.GroupRemoved g) {
      active.removeIf(p -> p.name().equals(g.group()));
    }
    if (active.isEmpty()) {
      return; // no pool hears anything: no payload to render (the usual case, on every transition)
    }
    EventNotification.of(event).ifPresent(this::offer);
    if (event instanceof SupervisorEvent.ProcessStateChanged c) {
      listenerChanged(c);
    }
  }

  private void activate(EventListenerPool pool) {
    active.add(pool);
    for (EventType t : TICKS) {
      if (pool.subscribes(t)) {
        ticks.start();
      }
    }
  }

  private void offer(EventNotification n) {
    long eventSerial = -1;
    List<EventListenerPool> accepting = new ArrayList<>();
    for (EventListenerPool pool : active) {
      if (pool.subscribes(n.type())) {
        if (eventSerial < 0) {
          eventSerial = serial.updateAndGet(last -> last == Long.MAX_VALUE ? 0 : last + 1);
        }
        pool.accept(n, eventSerial);
        accepting.add(pool);
      }
    }
    // at once, not after the batch: what happens next in this batch (a shutdown stopping the
    // listeners) must not keep a READY listener from hearing of it
    for (EventListenerPool pool : accepting) {
      pool.dispatch();
    }
  }

  private void listenerChanged(SupervisorEvent.ProcessStateChanged c) {
    Optional<ListenerSlot> slot = Optional.ofNullable(table.group(c.name().group())).flatMap(ProcessGroup::listenerPool)
        .flatMap(p -> p.slots().stream().filter(s -> s.process().name().equals(c.name())).findFirst());
    if (slot.isEmpty()) {
      return;
    }
    boolean hadChild = c.from() == ProcessState.STARTING || c.from() == ProcessState.RUNNING
        || c.from() == ProcessState.STOPPING;
    boolean childGone = c.to() == ProcessState.EXITED || c.to() == ProcessState.STOPPED
        || c.to() == ProcessState.BACKOFF;
    if (hadChild && childGone) {
      slot.get().childEnded();
    }
    if (c.to() == ProcessState.RUNNING) {
      wantDispatch();
    }
  }

  /** Schedules one dispatch of every active pool after the current work (coalesced). */
  void wantDispatch() {
    if (!dispatchScheduled) {
      dispatchScheduled = true;
      loop.execute(this::dispatch);
    }
  }

  private void dispatch() {
    dispatchScheduled = false;
    for (EventListenerPool pool : List.copyOf(active)) {
      pool.dispatch();
    }
  }
}
