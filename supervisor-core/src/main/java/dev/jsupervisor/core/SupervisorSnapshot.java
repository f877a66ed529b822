package dev.jsupervisor.core;

import java.util.List;
import java.util.Optional;

/**
 * An immutable view of the whole supervisor, published after every batch of loop work. Readers (RPC,
 * web UI, metrics) use it from any thread without entering the loop.
 *
 * @param state the supervisor's state
 * @param groups the active groups, sorted by name
 * @param processes every process of every active group, sorted by group name then process name
 *     (supervisord's {@code getAllProcessInfo} order)
 */
public record SupervisorSnapshot(SupervisorState state, List<GroupSpec> groups, List<ProcessInfo> processes) {

  public SupervisorSnapshot {
    groups = List.copyOf(groups);
    processes = List.copyOf(processes);
  }

  /** The process with this name, if it is in an active group. */
  public Optional<ProcessInfo> process(ProcessName name) {
    return processes.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The active group with this name. */
  public Optional<GroupSpec> group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }
}
