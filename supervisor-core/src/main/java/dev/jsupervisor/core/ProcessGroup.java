package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An active group: its spec, one {@link SupervisedProcess} per member and, for an
 * {@code [eventlistener:x]}, its {@link EventListenerPool}; for an {@code [fcgi-program:x]}, its
 * {@link SharedSocketManager}. Loop thread only.
 */
final class ProcessGroup {
  private final GroupSpec spec;
  private final Map<String, SupervisedProcess> members = new LinkedHashMap<>();
  private final Optional<EventListenerPool> listenerPool;
  private final Optional<SharedSocketManager> sharedSocket;

  ProcessGroup(GroupSpec spec, List<SupervisedProcess> processes, Optional<EventListenerPool> listenerPool,
      Optional<SharedSocketManager> sharedSocket) {
    this.spec = spec;
    this.listenerPool = listenerPool;
    this.sharedSocket = sharedSocket;
    for (SupervisedProcess p : processes) {
      members.put(p.name().name(), p);
    }
  }

  GroupSpec spec() {
    return spec;
  }

  Optional<EventListenerPool> listenerPool() {
    return listenerPool;
  }

  /** An fcgi-program's socket, shared by its members. */
  Optional<SharedSocketManager> sharedSocket() {
    return sharedSocket;
  }

  String name() {
    return spec.name();
  }

  /** Members in the spec's order (priority, then name). */
  Collection<SupervisedProcess> members() {
    return members.values();
  }

  SupervisedProcess member(String name) {
    return members.get(name);
  }

  /** Members not in a stopped state (STOPPED/EXITED/FATAL/UNKNOWN), which block removal. */
  List<SupervisedProcess> unstopped() {
    List<SupervisedProcess> out = new ArrayList<>();
    for (SupervisedProcess p : members.values()) {
      if (!p.state().isStopped()) {
        out.add(p);
      }
    }
    return out;
  }
}
