package dev.jsupervisor.rpc;

import dev.jsupervisor.core.GroupChange;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.UpdateGrain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an update would do, group by group and process by process: the dry run of
 * {@code supervisorctl update --dry-run}, {@code jsupervisor.updatePlan} and
 * {@code GET /supervisor/update/plan}. Immutable; any thread.
 *
 * @param grain the daemon's {@code update_grain}, which the changes are computed for
 * @param added configured groups not active, in configuration order
 * @param changed active groups whose configuration changed, with what happens to each member
 * @param removed active groups no longer configured
 * @param unchanged active groups left running untouched
 */
public record UpdatePlan(UpdateGrain grain, List<String> added, List<GroupChange> changed, List<String> removed,
    List<String> unchanged) {

  public UpdatePlan {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
    unchanged = List.copyOf(unchanged);
  }

  /** The plan from the {@code active} groups to the {@code configured} ones under {@code grain}. */
  public static UpdatePlan between(List<GroupSpec> configured, List<GroupSpec> active, UpdateGrain grain) {
    Map<String, GroupSpec> current = new LinkedHashMap<>();
    active.forEach(g -> current.put(g.name(), g));
    Set<String> fresh = new LinkedHashSet<>();
    List<String> added = new ArrayList<>();
    List<GroupChange> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (GroupSpec g : configured) {
      fresh.add(g.name());
      GroupSpec cur = current.get(g.name());
      if (cur == null) {
        added.add(g.name());
        continue;
      }
      GroupChange c = GroupChange.between(cur, g);
      if (c.isEmpty()) {
        unchanged.add(g.name());
      } else {
        changed.add(grain == UpdateGrain.GROUP ? c.asWholeGroup("update_grain = group") : c);
      }
    }
    List<String> removed = new ArrayList<>();
    current.keySet().stream().filter(n -> !fresh.contains(n)).forEach(removed::add);
    return new UpdatePlan(grain, added, changed, removed, unchanged);
  }

  /** Only the groups named in {@code groups} (all if empty), as {@code update g1 g2} acts on them. */
  public UpdatePlan only(Set<String> groups) {
    if (groups.isEmpty()) {
      return this;
    }
    return new UpdatePlan(grain, added.stream().filter(groups::contains).toList(),
        changed.stream().filter(c -> groups.contains(c.group())).toList(),
        removed.stream().filter(groups::contains).toList(), unchanged.stream().filter(groups::contains).toList());
  }

  /**
   * The plan as an XML-RPC/JSON struct: {@code {grain, added: [group], removed: [group],
   * unchanged: [group], changed: [change struct]}}, see {@link #changeStruct}.
   */
  public Map<String, Object> toStruct() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("grain", grain.configValue());
    m.put("added", added);
    m.put("changed", changed.stream().map(UpdatePlan::changeStruct).toList());
    m.put("removed", removed);
    m.put("unchanged", unchanged);
    return m;
  }

  /**
   * One group's change: {@code {group, whole: reason or "", restarted: [{name, keys: [key]}],
   * added: [name], removed: [name], unchanged: [name]}}; process names without the group.
   */
  public static Map<String, Object> changeStruct(GroupChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", c.group());
    m.put("whole", c.wholeGroup().orElse(""));
    List<Object> restarted = new ArrayList<>();
    for (GroupChange.Restart r : c.restarted()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", r.process());
      one.put("keys", r.keys());
      restarted.add(one);
    }
    m.put("restarted", restarted);
    m.put("added", c.added());
    m.put("removed", c.removed());
    m.put("unchanged", c.unchanged());
    return m;
  }
}
