package dev.jsupervisor.ctl;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code reread}: reloadConfig, printed as {@code group: available|changed|disappeared}. */
final class RereadCommand implements Command {
  @Override
  public String name() {
    return "reread";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!arg.isEmpty()) {
      s.output("Error: reread accepts no arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    List<List<String>> diff;
    try {
      diff = s.client().reloadConfig();
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      switch (f.code()) {
        case RpcFault.SHUTDOWN_STATE -> s.output("ERROR: supervisor shutting down");
        case RpcFault.CANT_REREAD -> s.output("ERROR: " + f.faultString());
        default -> throw f;
      }
      return;
    }
    // later kinds win for a name listed twice, as Python's dict.update does
    Map<String, String> changes = new TreeMap<>();
    String[] kinds = {"available", "changed", "disappeared"};
    for (int i = 0; i < 3; i++) {
      for (String g : diff.get(i)) {
        changes.put(g, kinds[i]);
      }
    }
    if (changes.isEmpty()) {
      s.output("No config updates to processes");
    }
    for (Map.Entry<String, String> e : changes.entrySet()) {
      s.output(e.getKey() + ": " + e.getValue());
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("reread \t\t\tReload the daemon's configuration files without add/remove");
  }
}
