package dev.jsupervisor.rpc;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * supervisord's {@code diff_to_active}: which groups {@code reloadConfig} reports as added, changed
 * and removed between the configuration just read and the active groups.
 *
 * <p>Equality is that of supervisord's group configs: name, priority and every process spec field,
 * except that an AUTO log file compares equal to any value (the engine may have replaced AUTO by
 * the file it created).
 *
 * @param added configured groups that are not active, in configuration order
 * @param changed groups both configured and active whose specs differ, in configuration order
 * @param removed active groups no longer configured, in active order
 */
record GroupDiff(List<String> added, List<String> changed, List<String> removed) {

  static GroupDiff between(List<GroupSpec> configured, List<GroupSpec> active) {
    Map<String, GroupSpec> current = new LinkedHashMap<>();
    active.forEach(g -> current.put(g.name(), g));
    Map<String, GroupSpec> fresh = new LinkedHashMap<>();
    configured.forEach(g -> fresh.put(g.name(), g));
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (GroupSpec g : configured) {
      GroupSpec cur = current.get(g.name());
      if (cur == null) {
        added.add(g.name());
      } else if (!sameConfig(g, cur)) {
        changed.add(g.name());
      }
    }
    List<String> removed = new ArrayList<>();
    for (GroupSpec g : active) {
      if (!fresh.containsKey(g.name())) {
        removed.add(g.name());
      }
    }
    return new GroupDiff(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
  }

  static boolean sameConfig(GroupSpec a, GroupSpec b) {
    if (!a.name().equals(b.name()) || a.priority() != b.priority()
        || a.processes().size() != b.processes().size()) {
      return false;
    }
    for (int i = 0; i < a.processes().size(); i++) {
      ProcessSpec pa = a.processes().get(i);
      ProcessSpec pb = b.processes().get(i);
      if (!withAutoMatched(pa, pb).equals(pb)) {
        return false;
      }
    }
    return true;
  }

  /** {@code a} with its log targets taken from {@code b} wherever either side says AUTO. */
  private static ProcessSpec withAutoMatched(ProcessSpec a, ProcessSpec b) {
    LogSpec out = matchAuto(a.stdout(), b.stdout());
    LogSpec err = matchAuto(a.stderr(), b.stderr());
    if (out == a.stdout() && err == a.stderr()) {
      return a;
    }
    return a.toBuilder().stdout(out).stderr(err).build();
  }

  private static LogSpec matchAuto(LogSpec a, LogSpec b) {
    if (isAuto(a) || isAuto(b)) {
      return a.withTargets(b.targets());
    }
    return a;
  }

  private static boolean isAuto(LogSpec s) {
    return s.targets().stream().anyMatch(t -> t instanceof LogTarget.Auto);
  }
}
