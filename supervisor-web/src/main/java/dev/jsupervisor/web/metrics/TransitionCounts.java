package dev.jsupervisor.web.metrics;

import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * State changes per process, counted from the supervisor's events since {@link #listenTo} — without
 * any meter library, so that a daemon nobody scrapes does not load one ({@link LazyMetricsHandler}
 * builds the registry at the first scrape, and {@link SupervisorMetrics} exports these counts then).
 * Events are counted on the supervisor's event thread; readers may be on any thread.
 */
public final class TransitionCounts {
  /**
   * One counted kind of change. equals and hashCode are written out: the record's generated ones
   * are linked through method handles at their first call, at start-up here (supervisor-core's
   * ARCHITECTURE, "What start-up pays for").
   */
  record Key(ProcessName name, ProcessState from, ProcessState to) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && name.equals(k.name) && from == k.from && to == k.to;
    }

    @Override
    public int hashCode() {
      return (name.hashCode() * 31 + from.ordinal()) * 31 + to.ordinal();
    }
  }

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

  private TransitionCounts() {}

  /** Counts from now on every state change {@code supervisor} publishes. Call once, at wiring. */
  public static TransitionCounts listenTo(Supervisor supervisor) {
    TransitionCounts counts = new TransitionCounts();
    supervisor.addListener(counts::onEvent, Runnable::run);
    return counts;
  }

  private void onEvent(SupervisorEvent event) {
    if (event instanceof SupervisorEvent.ProcessStateChanged e) {
      counts.computeIfAbsent(new Key(e.name(), e.from(), e.to()), k -> new LongAdder()).increment();
    }
  }

  /** The live counters (a weakly consistent view: new keys may appear while it is read). */
  Map<Key, LongAdder> counters() {
    return counts;
  }

  /** Drops the counts of a process that is gone (its meters are removed at the same time). */
  void forget(ProcessName name) {
    counts.keySet().removeIf(k -> k.name().equals(name));
  }
}
