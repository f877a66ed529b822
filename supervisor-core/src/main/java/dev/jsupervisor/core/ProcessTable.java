package dev.jsupervisor.core;

import dev.jsupervisor.core.ControlException.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The active groups and their processes: lookup by name, start order, activation and removal.
 * Knows nothing of the mood, plans or events. Loop thread only.
 */
final class ProcessTable {
  private final Map<String, ProcessGroup> groups = new TreeMap<>();

  /** The active group of that name, or null. */
  ProcessGroup group(String name) {
    return groups.get(name);
  }

  /** The active group of that name; BAD_NAME (with the group name) if there is none. */
  ProcessGroup lookupGroup(String name) throws ControlException {
    ProcessGroup g = groups.get(name);
    if (g == null) {
      throw new ControlException(Reason.BAD_NAME, name);
    }
    return g;
  }

  /** The process of that name; BAD_NAME (with its namespec) if there is none. */
  SupervisedProcess lookup(ProcessName name) throws ControlException {
    ProcessGroup g = groups.get(name.group());
    SupervisedProcess p = g == null ? null : g.member(name.name());
    if (p == null) {
      throw new ControlException(Reason.BAD_NAME, name.namespec());
    }
    return p;
  }

  /** The specs of the active groups, by group name. */
  List<GroupSpec> groupSpecs() {
    List<GroupSpec> out = new ArrayList<>(groups.size());
    for (ProcessGroup g : groups.values()) {
      out.add(g.spec());
    }
    return out;
  }

  /** Every process, sorted by group name then process name. */
  List<SupervisedProcess> processes() {
    List<SupervisedProcess> out = new ArrayList<>();
    for (ProcessGroup g : groups.values()) {
      out.addAll(g.members());
    }
    out.sort(Comparator.comparing(SupervisedProcess::name));
    return out;
  }

  /** Every process in start order ({@link StartOrder}); stop order is the reverse. */
  List<SupervisedProcess> startOrder() {
    List<SupervisedProcess> out = new ArrayList<>();
    for (StartOrder.Node n : StartOrder.of(groupSpecs())) {
      out.add(groups.get(n.name().group()).member(n.name().name()));
    }
    return out;
  }

  /**
   * Whether {@code spec} could join the active groups: IllegalArgumentException naming an unknown
   * dependency or a cycle if not. Changes nothing.
   */
  void checkJoinable(GroupSpec spec) {
    List<GroupSpec> all = new ArrayList<>(groupSpecs());
    all.add(spec);
    StartOrder.of(all);
  }

  /**
   * Whether {@code spec} could take the place of the active group of its name: as
   * {@link #checkJoinable}, without that group. Changes nothing.
   */
  void checkReplaceable(GroupSpec spec) {
    List<GroupSpec> all = new ArrayList<>();
    for (GroupSpec g : groupSpecs()) {
      if (!g.name().equals(spec.name())) {
        all.add(g);
      }
    }
    all.add(spec);
    StartOrder.of(all);
  }

  /** Puts {@code group} in the place of the active group of its name (members kept are the caller's business). */
  void replace(ProcessGroup group) {
    groups.put(group.name(), group);
  }

  /** Activates a group (its name must be free). */
  void add(ProcessGroup group) {
    groups.put(group.name(), group);
  }

  /** Deactivates a group and returns it (null if there was none), for the caller to dispose of. */
  ProcessGroup remove(String name) {
    return groups.remove(name);
  }
}
