package dev.jsupervisor.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publication: events recorded during a loop batch and a fresh {@link SupervisorSnapshot} when
 * anything shown changed, both handed out after the batch ({@link #afterBatch}), snapshot first,
 * so a listener or a completed future never sees a snapshot older than what it was told.
 * Every recorded event also goes at once to the listener pools' {@link EventDispatcher}, which
 * takes its serial then, in the order events happen. Recording and {@link #afterBatch} on the loop
 * thread; {@link #snapshot(Instant)} any thread.
 */
final class SnapshotPublisher {
  private final ProcessTable table;
  private final Mood mood;
  private final TimeSource time;
  private final EventBus events;
  private final EventDispatcher pools;
  private final List<SupervisorEvent> pending = new ArrayList<>();
  private boolean dirty = true;
  private volatile SupervisorSnapshot snapshot;
  /** The last snapshot handed out and the second it was stamped with; reused within that second. */
  private volatile Stamped stamped;

  private record Stamped(SupervisorSnapshot source, long second, SupervisorSnapshot result) {}

  SnapshotPublisher(ProcessTable table, Mood mood, TimeSource time, EventBus events, EventDispatcher pools) {
    this.pools = pools;
    this.table = table;
    this.mood = mood;
    this.time = time;
    this.events = events;
  }

  /** Records an event for the listeners; it also marks the snapshot stale. */
  void publish(SupervisorEvent event) {
    pending.add(event);
    dirty = true;
    pools.record(event);
  }

  /** Something the snapshot shows changed without an event. */
  void changed() {
    dirty = true;
  }

  /** After every batch (and once before the loop runs): a new snapshot if needed, then the events. */
  void afterBatch() {
    if (dirty) {
      dirty = false;
      long now = time.now().getEpochSecond();
      List<ProcessInfo> infos = new ArrayList<>();
      for (SupervisedProcess p : table.processes()) {
        infos.add(p.info(now));
      }
      SupervisorSnapshot fresh = new SupervisorSnapshot(mood.state(), table.groupSpecs(), infos);
      snapshot = fresh;
      stamped = new Stamped(fresh, now, fresh);
    }
    if (!pending.isEmpty()) {
      List<SupervisorEvent> batch = List.copyOf(pending);
      pending.clear();
      events.publish(batch);
    }
  }

  /**
   * The latest published snapshot with {@code now} refreshed to {@code wallNow}. O(1) when nothing
   * changed since the last call within the same second (the one copy made then is handed out again:
   * snapshots are immutable); else one O(processes) copy.
   */
  SupervisorSnapshot snapshot(Instant wallNow) {
    SupervisorSnapshot s = snapshot;
    long now = wallNow.getEpochSecond();
    Stamped last = stamped;
    if (last != null && last.source == s && last.second == now) {
      return last.result;
    }
    SupervisorSnapshot result = restamped(s, now);
    stamped = new Stamped(s, now, result);
    return result;
  }

  private static SupervisorSnapshot restamped(SupervisorSnapshot s, long now) {
    List<ProcessInfo> infos = new ArrayList<>(s.processes().size());
    for (ProcessInfo i : s.processes()) {
      infos.add(new ProcessInfo(i.name(), i.start(), i.stop(), now, i.state(), i.spawnerr(), i.exitstatus(),
          i.stdoutLogfile(), i.stderrLogfile(), i.pid(), i.restarts(), i.spawnFailures(), i.health(), i.livenessRestarts(),
          i.crashRestarts(), i.startRequests()));
    }
    return new SupervisorSnapshot(s.state(), s.groups(), infos);
  }
}
