package dev.jsupervisor.core;

import dev.jsupervisor.core.ControlException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The supervisor-wide commands, on the loop thread: start-up, add/remove group, reload and shutdown.
 */
final class GroupCommands {
  private final SupervisorCore core;
  private CompletableFuture<Void> shutdown;

  GroupCommands(SupervisorCore core) {
    this.core = core;
  }

  /** Start-up: the initial groups are announced, the mood becomes RUNNING, autostart begins. */
  void startUp() {
    announce();
    core.autostart();
  }

  /**
   * The first half of start-up: groups announced, mood RUNNING, published at once. Runs on the
   * thread calling startAsync before the loop thread starts (which orders it before the loop).
   */
  void announce() {
    for (GroupSpec g : core.groupSpecs()) {
      core.publish(new SupervisorEvent.GroupAdded(g.name()));
    }
    core.setMood(SupervisorState.RUNNING);
    core.afterBatch();
  }

  /** The second half of start-up, on the loop: autostart. */
  void autostart() {
    core.autostart();
  }

  /**
   * supervisord's addProcessGroup: ALREADY_ADDED if active; IllegalArgumentException if its
   * {@code depends_on} names an unknown program or makes a cycle with the active groups.
   */
  void addGroup(GroupSpec spec) throws ControlException {
    core.checkRunning();
    if (core.group(spec.name()) != null) {
      throw new ControlException(Reason.ALREADY_ADDED, spec.name());
    }
    List<GroupSpec> all = new ArrayList<>(core.groupSpecs());
    all.add(spec);
    StartOrder.of(all);
    core.addGroup(spec);
    core.autostart();
  }

  /** supervisord's removeProcessGroup: BAD_NAME, or STILL_RUNNING unless every member is stopped. */
  void removeGroup(String name) throws ControlException {
    core.checkRunning();
    ProcessGroup g = core.group(name);
    if (g == null) {
      throw new ControlException(Reason.BAD_NAME, name);
    }
    if (!g.unstopped().isEmpty()) {
      throw new ControlException(Reason.STILL_RUNNING, name);
    }
    core.removeGroup(name);
  }

  /**
   * supervisord's reload: RESTARTING, everything stopped as on shutdown, groups replaced, RUNNING,
   * autostart. The future completes once the new groups' autostart has begun.
   */
  CompletableFuture<Void> reload(List<GroupSpec> groups) throws ControlException {
    core.checkRunning();
    Set<String> names = new HashSet<>();
    for (GroupSpec g : groups) {
      if (!names.add(g.name())) {
        throw new IllegalArgumentException("two groups are named " + g.name());
      }
    }
    StartOrder.of(groups);
    core.setMood(SupervisorState.RESTARTING);
    return core.stopEverything().thenRun(() -> {
      for (GroupSpec g : core.groupSpecs()) {
        core.removeGroup(g.name());
      }
      for (GroupSpec g : groups) {
        core.addGroup(g);
      }
      core.setMood(SupervisorState.RUNNING);
      core.autostart();
    });
  }

  /**
   * Shutdown: SHUTDOWN, then every process stopped stage by stage; {@code whenStopped} runs on the
   * loop thread after the last one. Repeated calls return the same future.
   */
  CompletableFuture<Void> shutdown(Runnable whenStopped) {
    if (shutdown == null) {
      core.setMood(SupervisorState.SHUTDOWN);
      shutdown = core.stopEverything().thenRun(whenStopped);
    }
    return shutdown;
  }
}
