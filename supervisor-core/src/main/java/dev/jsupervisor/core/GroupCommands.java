package dev.jsupervisor.core;

import dev.jsupervisor.core.ControlException.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The commands that act on a group or on every group: start, stop and signal them (one
 * {@link ProcessResult} per member acted on), and activate or remove a group (supervisord's
 * addProcessGroup/removeProcessGroup). Each member goes through {@link ProcessCommands}. Loop
 * thread; expected failures are thrown as {@link ControlException}s.
 */
final class GroupCommands {
  private final ProcessTable table;
  private final Mood mood;
  private final StartStopCoordinator coordinator;
  private final ProcessCommands processes;
  private final ProcessFactory factory;
  private final SnapshotPublisher publisher;

  GroupCommands(ProcessTable table, Mood mood, StartStopCoordinator coordinator, ProcessCommands processes,
      ProcessFactory factory, SnapshotPublisher publisher) {
    this.table = table;
    this.mood = mood;
    this.coordinator = coordinator;
    this.processes = processes;
    this.factory = factory;
    this.publisher = publisher;
  }

  // ---------------------------------------------------------------- start and stop

  CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait) throws ControlException {
    mood.checkRunning();
    return startMany(table.lookupGroup(group).members(), wait);
  }

  CompletableFuture<List<ProcessResult>> startAll(boolean wait) throws ControlException {
    mood.checkRunning();
    return startMany(table.processes(), wait);
  }

  /** The members not running at call time, in start order, each held back by its dependencies. */
  private CompletableFuture<List<ProcessResult>> startMany(Collection<SupervisedProcess> members, boolean wait) {
    Set<SupervisedProcess> candidates = new HashSet<>(members);
    List<SupervisedProcess> order = new ArrayList<>();
    for (SupervisedProcess p : table.startOrder()) {
      if (candidates.contains(p) && !p.state().isRunning() && !coordinator.isWaitingToStart(p)) {
        order.add(p);
      }
    }
    if (order.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return coordinator.runPlan(order, p -> {
      try {
        return processes.startOne(p, wait);
      } catch (ControlException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait) throws ControlException {
    mood.checkRunning();
    return stopMany(table.lookupGroup(group).members(), wait);
  }

  CompletableFuture<List<ProcessResult>> stopAll(boolean wait) throws ControlException {
    mood.checkRunning();
    return stopMany(table.processes(), wait);
  }

  /**
   * The members running at call time, all signalled now, in start order as supervisord's
   * stopAllProcesses does (shutdown uses the staged reverse order of StopSequence).
   */
  private CompletableFuture<List<ProcessResult>> stopMany(Collection<SupervisedProcess> members, boolean wait) {
    Set<SupervisedProcess> candidates = new HashSet<>(members);
    List<CompletableFuture<ProcessResult>> results = new ArrayList<>();
    for (SupervisedProcess p : table.startOrder()) {
      if (!candidates.contains(p) || !p.state().isRunning()) {
        continue;
      }
      CompletableFuture<ProcessInfo> f;
      try {
        f = processes.stopOne(p, wait);
      } catch (ControlException e) {
        f = CompletableFuture.failedFuture(e);
      }
      results.add(ProcessResults.resultOf(p.name(), f));
    }
    return ProcessResults.collect(results, coordinator.time());
  }

  // ---------------------------------------------------------------- signals

  List<ProcessResult> signalGroup(String group, Signal signal) throws ControlException {
    mood.checkRunning();
    return signalMany(table.lookupGroup(group).members(), signal);
  }

  List<ProcessResult> signalAll(Signal signal) throws ControlException {
    mood.checkRunning();
    return signalMany(table.processes(), signal);
  }

  private List<ProcessResult> signalMany(Collection<SupervisedProcess> members, Signal signal) {
    List<ProcessResult> out = new ArrayList<>();
    for (SupervisedProcess p : members) {
      if (!p.state().isSignallable()) {
        continue;
      }
      try {
        processes.signalOne(p, signal);
        out.add(ProcessResult.ok(p.name()));
      } catch (ControlException e) {
        out.add(ProcessResult.failed(p.name(), e));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- add and remove

  /**
   * supervisord's addProcessGroup: ALREADY_ADDED if active; IllegalArgumentException if its
   * {@code depends_on} names an unknown program or makes a cycle with the active groups. Its
   * autostart members start.
   */
  void addGroup(GroupSpec spec) throws ControlException {
    mood.checkRunning();
    if (table.group(spec.name()) != null) {
      throw new ControlException(Reason.ALREADY_ADDED, spec.name());
    }
    table.checkJoinable(spec);
    table.add(factory.create(spec));
    publisher.publish(new SupervisorEvent.GroupAdded(spec.name()));
    coordinator.autostart();
  }

  /**
   * Brings an active group to {@code spec}, restarting only what changed ({@link GroupChange}):
   * the members to restart or remove are stopped (all at once, each waiting its stopwaitsecs), then
   * replaced or dropped in one step, and the new members with autostart start; unchanged members are
   * not touched. With {@code groupGrain}, or when the change says so, the whole group is stopped,
   * removed and added as supervisord's update does (PROCESS_GROUP_REMOVED/ADDED are emitted only
   * then). BAD_NAME if the group is not active; IllegalArgumentException for an unknown dependency
   * or a cycle; STILL_RUNNING if a member to replace was started again while the others stopped,
   * BAD_NAME if the group was removed meanwhile (nothing is replaced then).
   */
  CompletableFuture<GroupChange> updateGroup(GroupSpec spec, boolean groupGrain) throws ControlException {
    mood.checkRunning();
    ProcessGroup old = table.lookupGroup(spec.name());
    table.checkReplaceable(spec);
    GroupChange planned = GroupChange.between(old.spec(), spec);
    GroupChange change = groupGrain ? planned.asWholeGroup("update_grain = group") : planned;
    if (change.isEmpty()) {
      return CompletableFuture.completedFuture(change);
    }
    List<SupervisedProcess> leaving = leaving(old, change);
    List<CompletableFuture<ProcessInfo>> stops = new ArrayList<>();
    for (SupervisedProcess p : leaving) {
      try {
        stops.add(processes.stopOne(p, true).exceptionally(e -> null));
      } catch (ControlException notRunning) {
        // already stopped: nothing to wait for
      }
    }
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      try {
        swap(old, spec, change, leaving);
        return CompletableFuture.completedFuture(change);
      } catch (ControlException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  private static List<SupervisedProcess> leaving(ProcessGroup old, GroupChange change) {
    if (change.wholeGroup().isPresent()) {
      return List.copyOf(old.members());
    }
    List<SupervisedProcess> out = new ArrayList<>();
    change.restarted().forEach(r -> out.add(old.member(r.process())));
    change.removed().forEach(name -> out.add(old.member(name)));
    return out;
  }

  /** Loop thread, once the leaving members have stopped: the replacement itself, all or nothing. */
  private void swap(ProcessGroup old, GroupSpec spec, GroupChange change, List<SupervisedProcess> leaving)
      throws ControlException {
    mood.checkRunning();
    if (table.group(spec.name()) != old) {
      throw new ControlException(Reason.BAD_NAME, spec.name());
    }
    for (SupervisedProcess p : leaving) {
      if (!p.state().isStopped()) {
        throw new ControlException(Reason.STILL_RUNNING, p.name().namespec());
      }
    }
    if (change.wholeGroup().isPresent()) {
      removeGroup(spec.name());
      addGroup(spec);
      return;
    }
    List<SupervisedProcess> members = new ArrayList<>();
    for (ProcessSpec p : spec.processes()) {
      members.add(change.unchanged().contains(p.name()) ? old.member(p.name()) : factory.joining(old, spec, p));
    }
    table.replace(new ProcessGroup(spec, members, old.listenerPool(), old.sharedSocket()));
    for (SupervisedProcess p : leaving) {
      ControlException gone = new ControlException(Reason.BAD_NAME, p.name().namespec());
      coordinator.cancelWaitingStart(p, gone);
      p.dispose(gone);
    }
    publisher.changed();
    coordinator.autostart();
  }

  /** supervisord's removeProcessGroup: BAD_NAME, or STILL_RUNNING unless every member is stopped. */
  void removeGroup(String name) throws ControlException {
    mood.checkRunning();
    ProcessGroup g = table.lookupGroup(name);
    if (!g.unstopped().isEmpty()) {
      throw new ControlException(Reason.STILL_RUNNING, name);
    }
    table.remove(name);
    for (SupervisedProcess p : g.members()) {
      ControlException gone = new ControlException(Reason.BAD_NAME, p.name().namespec());
      coordinator.cancelWaitingStart(p, gone);
      p.dispose(gone);
    }
    publisher.publish(new SupervisorEvent.GroupRemoved(name));
  }
}
