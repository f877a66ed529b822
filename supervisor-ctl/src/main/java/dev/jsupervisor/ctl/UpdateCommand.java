package dev.jsupervisor.ctl;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code update [all|group ...]}: reloadConfig, then per group: removed → stop and remove,
 * changed → stop, remove and add, added → add.
 */
final class UpdateCommand implements Command {
  @Override
  public String name() {
    return "update";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
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
    Set<String> wanted = new LinkedHashSet<>(Commands.words(arg));
    if (wanted.contains("all")) {
      wanted.clear();
    }
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
    for (String g : changed) {
      if (wanted.isEmpty() || wanted.contains(g)) {
        c.call("supervisor.stopProcessGroup", g);
        s.output(g + ": stopped");
        c.call("supervisor.removeProcessGroup", g);
        c.call("supervisor.addProcessGroup", g);
        s.output(g + ": updated process group");
      }
    }
    for (String g : added) {
      if (wanted.isEmpty() || wanted.contains(g)) {
        c.call("supervisor.addProcessGroup", g);
        s.output(g + ": added process group");
      }
    }
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
