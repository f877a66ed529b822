package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A process group: a {@code [program:x]} (one group of {@code numprocs} processes) or a
 * {@code [group:x]} that gathers several programs. The group is the unit of add/remove/update.
 *
 * @param name the group name
 * @param priority the group priority (start order ascending, stop order descending)
 * @param processes the members, kept sorted by (priority, name)
 * @param listenerPool present for an {@code [eventlistener:x]} pool: the members are event
 *     listeners (their stdout is the listener protocol, also written to their stdout log)
 * @param sharedSocket present for an {@code [fcgi-program:x]}: the members' fd 0 is this listening
 *     socket (they have no stdin)
 */
public record GroupSpec(String name, int priority, List<ProcessSpec> processes, Optional<ListenerPoolSpec> listenerPool,
    Optional<SharedSocketSpec> sharedSocket) {

  /** A group of programs (no listener pool). */
  public GroupSpec(String name, int priority, List<ProcessSpec> processes) {
    this(name, priority, processes, Optional.empty(), Optional.empty());
  }

  /** A group of programs or a listener pool (no shared socket). */
  public GroupSpec(String name, int priority, List<ProcessSpec> processes, Optional<ListenerPoolSpec> listenerPool) {
    this(name, priority, processes, listenerPool, Optional.empty());
  }

  /** An {@code [fcgi-program:x]}: a group whose members share {@code socket} as fd 0. */
  public static GroupSpec fcgi(String name, int priority, List<ProcessSpec> processes, SharedSocketSpec socket) {
    return new GroupSpec(name, priority, processes, Optional.empty(), Optional.of(socket));
  }

  public GroupSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listenerPool, "listenerPool");
    Objects.requireNonNull(sharedSocket, "sharedSocket");
    List<ProcessSpec> sorted = new ArrayList<>(processes);
    sorted.sort(Comparator.comparingInt(ProcessSpec::priority).thenComparing(ProcessSpec::name));
    Set<String> seen = new HashSet<>();
    for (ProcessSpec p : sorted) {
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("group " + name + " has two processes named " + p.name());
      }
    }
    processes = List.copyOf(sorted);
  }

  /** A group holding exactly one process of the same name, as a plain {@code [program:x]} makes. */
  public static GroupSpec single(ProcessSpec process) {
    return new GroupSpec(process.name(), process.priority(), List.of(process));
  }

  /** The address of member {@code processName}. */
  public ProcessName nameOf(ProcessSpec process) {
    return new ProcessName(name, process.name());
  }
}
