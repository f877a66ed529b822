package dev.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One group's change as {@code jsupervisor.updatePlan} and {@code jsupervisor.updateProcessGroup}
 * return it, and how supervisorctl prints it. Immutable.
 *
 * @param group the group
 * @param whole why every member restarts with the group, or empty when only what changed restarts
 * @param restarted members to restart, each with the config keys that changed (may be empty)
 * @param added members to add (numprocs up)
 * @param removed members to drop (numprocs down)
 * @param unchanged members left running
 */
record UpdateChange(String group, String whole, List<Restart> restarted, List<String> added, List<String> removed,
    List<String> unchanged) {

  /** A member to restart and the keys that changed. */
  record Restart(String name, List<String> keys) {}

  static UpdateChange of(Object wire) {
    Map<?, ?> m = Wire.struct(wire);
    List<Restart> restarted = new ArrayList<>();
    for (Object r : Wire.array(m.get("restarted"))) {
      Map<?, ?> one = Wire.struct(r);
      restarted.add(new Restart(Wire.str(one, "name"), strings(one.get("keys"))));
    }
    return new UpdateChange(Wire.str(m, "group"), String.valueOf(m.get("whole")), restarted,
        strings(m.get("added")), strings(m.get("removed")), strings(m.get("unchanged")));
  }

  static List<String> strings(Object wire) {
    List<String> out = new ArrayList<>();
    for (Object o : Wire.array(wire)) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  /** Whether the group as a whole is replaced, as supervisord's update does. */
  boolean isWhole() {
    return !whole.isEmpty();
  }

  String namespec(String process) {
    return Names.namespec(group, process);
  }

  /** {@code (command, environment changed)}, or for a member restarted with its group only, {@code (with its group)}. */
  static String why(Restart r) {
    return r.keys().isEmpty() ? "(with its group)" : "(" + String.join(", ", r.keys()) + " changed)";
  }

  /** What {@code update} prints once done: one line per member acted on, then one for the group. */
  List<String> doneLines() {
    List<String> out = new ArrayList<>();
    for (Restart r : restarted) {
      out.add(namespec(r.name()) + ": restarted " + why(r));
    }
    added.forEach(n -> out.add(namespec(n) + ": added"));
    removed.forEach(n -> out.add(namespec(n) + ": removed"));
    out.add(group + ": updated process group (" + restarted.size() + " restarted, " + added.size() + " added, "
        + removed.size() + " removed, " + unchanged.size() + " unchanged)");
    return out;
  }

  /** What {@code update --dry-run} prints for this group. */
  List<String> planLines() {
    List<String> out = new ArrayList<>();
    out.add("changed:   " + group + (isWhole() ? " (whole group: " + whole + ")" : ""));
    for (Restart r : restarted) {
      out.add("  restart   " + namespec(r.name()) + " " + why(r));
    }
    added.forEach(n -> out.add("  add       " + namespec(n)));
    removed.forEach(n -> out.add("  remove    " + namespec(n)));
    unchanged.forEach(n -> out.add("  keep      " + namespec(n)));
    return out;
  }
}
