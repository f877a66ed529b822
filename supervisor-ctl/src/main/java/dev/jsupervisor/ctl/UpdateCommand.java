package dev.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code update [--dry-run] [--group-grain] [all|group ...]}: reloadConfig, then per group:
 * removed → stop and remove, changed → {@code jsupervisor.updateProcessGroup} (under the daemon's
 * {@code update_grain = process} only the processes whose own configuration changed restart; under
 * the default {@code group} the whole group, as supervisord), added → add. Against a server without jsupervisor's
 * methods (Python supervisord), or with {@code --group-grain}, a changed group is stopped, removed
 * and added as Python's supervisorctl does. {@code --dry-run} prints {@code jsupervisor.updatePlan}
 * and changes nothing. {@code help update} stays Python's text, word for word; the two options are
 * documented in the README.
 */
final class UpdateCommand implements Command {
  @Override
  public String name() {
    return "update";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    boolean dryRun = false;
    boolean groupGrain = false;
    Set<String> wanted = new LinkedHashSet<>();
    for (String w : Commands.words(arg)) {
      switch (w) {
        case "--dry-run", "-n" -> dryRun = true;
        case "--group-grain" -> groupGrain = true;
        default -> wanted.add(w);
      }
    }
    if (wanted.contains("all")) {
      wanted.clear();
    }
    if (dryRun) {
      plan(s, wanted);
      return;
    }
    SupervisorClient c = s.client();
    List<List<String>> diff;
    try {
      diff = c.reloadConfig();
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      if (f.code() == RpcFault.SHUTDOWN_STATE) {
        s.output("ERROR: already shutting down");
        return;
      }
      throw f;
    }
    List<String> added = diff.get(0);
    List<String> changed = diff.get(1);
    List<String> removed = diff.get(2);
    if (!wanted.isEmpty()) {
      Set<String> groups = new HashSet<>(added);
      for (ProcessInfo p : c.getAllProcessInfo()) {
        groups.add(p.group());
      }
      for (String g : wanted) {
        if (!groups.contains(g)) {
          s.output("ERROR: no such group: " + g);
          s.exitStatus = ExitCodes.GENERIC;
        }
      }
    }
    for (String g : removed) {
      if (wanted.isEmpty() || wanted.contains(g)) {
        remove(s, c, g);
      }
    }
    boolean perProcess = !groupGrain;
    for (String g : changed) {
      if (wanted.isEmpty() || wanted.contains(g)) {
        perProcess = perProcess && updateChanged(s, c, g);
        if (!perProcess) {
          c.call("supervisor.stopProcessGroup", g);
          s.output(g + ": stopped");
          c.call("supervisor.removeProcessGroup", g);
          c.call("supervisor.addProcessGroup", g);
          s.output(g + ": updated process group");
        }
      }
    }
    for (String g : added) {
      if (wanted.isEmpty() || wanted.contains(g)) {
        c.call("supervisor.addProcessGroup", g);
        s.output(g + ": added process group");
      }
    }
  }

  /**
   * {@code jsupervisor.updateProcessGroup}; false (nothing done) when the server does not have it.
   * A whole-group change prints what Python's supervisorctl prints for it.
   */
  private static boolean updateChanged(CtlSession s, SupervisorClient c, String g) throws RpcFault, ServerException {
    UpdateChange change;
    try {
      change = UpdateChange.of(c.call("jsupervisor.updateProcessGroup", g));
    } catch (RpcFault f) {
      if (f.code() == RpcFault.UNKNOWN_METHOD) {
        return false;
      }
      throw f;
    }
    if (change.isWhole()) {
      s.output(g + ": stopped");
      s.output(g + ": updated process group");
    } else {
      change.doneLines().forEach(s::output);
    }
    return true;
  }

  /** {@code --dry-run}: the plan, restricted to the wanted groups; nothing changes. */
  private static void plan(CtlSession s, Set<String> wanted) throws RpcFault, ServerException {
    Map<?, ?> plan;
    try {
      plan = Wire.struct(s.client().call("jsupervisor.updatePlan"));
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      switch (f.code()) {
        case RpcFault.SHUTDOWN_STATE -> s.output("ERROR: already shutting down");
        case RpcFault.CANT_REREAD -> s.output("ERROR: " + f.faultString());
        case RpcFault.UNKNOWN_METHOD -> s.output(
            "ERROR: this server has no dry run (jsupervisor.updatePlan); it is not jsupervisor");
        default -> throw f;
      }
      return;
    }
    List<String> added = UpdateChange.strings(plan.get("added"));
    List<String> removed = UpdateChange.strings(plan.get("removed"));
    List<String> unchanged = UpdateChange.strings(plan.get("unchanged"));
    List<UpdateChange> changed = new ArrayList<>();
    for (Object o : Wire.array(plan.get("changed"))) {
      changed.add(UpdateChange.of(o));
    }
    if (!wanted.isEmpty()) {
      Set<String> known = new HashSet<>(added);
      known.addAll(removed);
      known.addAll(unchanged);
      changed.forEach(ch -> known.add(ch.group()));
      for (String g : wanted) {
        if (!known.contains(g)) {
          s.output("ERROR: no such group: " + g);
          s.exitStatus = ExitCodes.GENERIC;
        }
      }
      added.retainAll(wanted);
      removed.retainAll(wanted);
      unchanged.retainAll(wanted);
      changed.removeIf(ch -> !wanted.contains(ch.group()));
    }
    s.output("update plan (update_grain = " + plan.get("grain") + "; dry run, nothing was changed):");
    s.output("added:     " + listed(added));
    s.output("removed:   " + listed(removed));
    if (changed.isEmpty()) {
      s.output("changed:   (none)");
    }
    changed.forEach(ch -> ch.planLines().forEach(s::output));
    s.output("unchanged: " + listed(unchanged));
  }

  private static String listed(List<String> groups) {
    return groups.isEmpty() ? "(none)" : String.join(" ", groups);
  }

  private static void remove(CtlSession s, SupervisorClient c, String g)
      throws RpcFault, ServerException {
    List<ProcessResult> results = c.results("supervisor.stopProcessGroup", g);
    s.output(g + ": stopped");
    for (ProcessResult r : results) {
      if (r.status() == RpcFault.FAILED) {
        s.output(g + ": has problems; not removing");
        s.exitStatus = ExitCodes.GENERIC;
        return;
      }
    }
    c.call("supervisor.removeProcessGroup", g);
    s.output(g + ": removed process group");
  }

  @Override
  public void help(CtlSession s) {
    s.output("update\t\t\tReload config and add/remove as necessary, and will restart affected programs");
    s.output("update all\t\tReload config and add/remove as necessary, and will restart affected programs");
    s.output("update <gname> [...]\tUpdate specific groups");
  }
}
