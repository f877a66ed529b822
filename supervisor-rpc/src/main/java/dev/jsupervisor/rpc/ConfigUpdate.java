package dev.jsupervisor.rpc;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.GroupChange;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.Supervisor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * jsupervisor's update that restarts only what changed, over the engine and the daemon's config:
 * the dry run ({@link #plan}), one group ({@link #updateGroup}) and the whole update
 * ({@link #apply}, for REST; our supervisorctl drives the same steps call by call). The grain is
 * the daemon's {@code update_grain}. Thread-safe; called on HTTP threads; never blocks (engine work
 * is returned as futures, which fail with the engine's {@link ControlException}s).
 */
public final class ConfigUpdate {
  private final Supervisor supervisor;
  private final DaemonControl daemon;

  public ConfigUpdate(Supervisor supervisor, DaemonControl daemon) {
    this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    this.daemon = Objects.requireNonNull(daemon, "daemon");
  }

  /**
   * The dry run: the config files parsed afresh (not kept: what {@code getAllConfigInfo} and
   * {@code addProcessGroup} see stays as it was) against the active groups. Touches nothing.
   *
   * @throws DaemonControl.ConfigReadException when the files are broken
   */
  public UpdatePlan plan() throws DaemonControl.ConfigReadException {
    return UpdatePlan.between(daemon.readConfig(), supervisor.snapshot().groups(), daemon.updateGrain());
  }

  /**
   * Brings the active group {@code name} to its configuration as last read (by
   * {@code reloadConfig}), restarting only what changed (or all of it under
   * {@code update_grain = group}). Fails with BAD_NAME when the group is not active or not
   * configured, and as {@link Supervisor#updateGroup} does.
   */
  public CompletableFuture<GroupChange> updateGroup(String name) {
    GroupSpec spec = configured(daemon.configuredGroups(), name);
    if (spec == null) {
      return CompletableFuture.failedFuture(new ControlException(Reason.BAD_NAME, name));
    }
    return supervisor.updateGroup(spec, daemon.updateGrain());
  }

  /**
   * The whole update, as {@code supervisorctl update} does it: the config reread (and kept, as
   * {@code reloadConfig}), then removed groups stopped and removed (one left in place if a member
   * fails to stop), changed groups updated ({@link #updateGroup}), added groups added. The future
   * has the plan that was carried out; it fails with the first engine failure (the steps before it
   * stay done).
   *
   * @throws DaemonControl.ConfigReadException when the files are broken; nothing changes then
   */
  public CompletableFuture<UpdatePlan> apply() throws DaemonControl.ConfigReadException {
    List<GroupSpec> configured = daemon.rereadConfig();
    UpdatePlan plan = UpdatePlan.between(configured, supervisor.snapshot().groups(), daemon.updateGrain());
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (String g : plan.removed()) {
      chain = chain.thenCompose(v -> supervisor.stopGroup(g, true)).thenCompose(results -> {
        boolean failed = results.stream().anyMatch(r -> !r.isOk() && r.failure().map(
            f -> f.reason() == Reason.FAILED).orElse(false));
        return failed ? CompletableFuture.completedFuture(null) : supervisor.removeGroup(g);
      });
    }
    for (GroupChange c : plan.changed()) {
      GroupSpec spec = configured(configured, c.group());
      chain = chain.thenCompose(v -> supervisor.updateGroup(spec, daemon.updateGrain())).thenApply(v -> null);
    }
    for (String g : plan.added()) {
      GroupSpec spec = configured(configured, g);
      chain = chain.thenCompose(v -> supervisor.addGroup(spec));
    }
    return chain.thenApply(v -> plan);
  }

  private static GroupSpec configured(List<GroupSpec> groups, String name) {
    for (GroupSpec g : groups) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    return null;
  }
}
