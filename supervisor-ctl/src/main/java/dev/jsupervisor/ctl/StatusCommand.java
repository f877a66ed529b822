package dev.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.List;

/** {@code status [name|group:*|all ...]}: one {@code getAllProcessInfo}, filtered here. */
final class StatusCommand implements Command {
  @Override
  public String name() {
    return "status";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      s.exitStatus = ExitCodes.STATUS_UNKNOWN; // status reports "unknown" for any upcheck failure
      return;
    }
    List<ProcessInfo> all = s.client().getAllProcessInfo();
    List<String> names = Commands.words(arg);
    List<ProcessInfo> matching;
    if (names.isEmpty() || names.contains("all")) {
      matching = all;
    } else {
      matching = new ArrayList<>();
      for (String name : names) {
        select(s, all, name, matching);
      }
    }
    show(s, matching);
    for (ProcessInfo p : matching) {
      if (p.isStopped()) {
        s.exitStatus = ExitCodes.STATUS_NOT_RUNNING;
      }
    }
  }

  private static void select(CtlSession s, List<ProcessInfo> all, String name, List<ProcessInfo> into) {
    String[] gp = Names.split(name);
    boolean found = false;
    for (ProcessInfo p : all) {
      if (p.group().equals(gp[0]) && (gp[1] == null || p.name().equals(gp[1]))) {
        found = true;
        into.add(p);
      }
    }
    if (!found) {
      s.output(gp[1] == null ? gp[0] + ": ERROR (no such group)" : name + ": ERROR (no such process)");
      s.exitStatus = ExitCodes.STATUS_UNKNOWN;
    }
  }

  /** The status table: namespec column max(30, longest)+3 wide, state column 10 wide. */
  static void show(CtlSession s, List<ProcessInfo> infos) {
    int max = 30;
    for (ProcessInfo p : infos) {
      max = Math.max(max, p.namespec().length());
    }
    StringBuilder sb = new StringBuilder(infos.size() * 80);
    for (ProcessInfo p : infos) {
      sb.append(Commands.pad(p.namespec(), max + 3))
          .append(Commands.pad(p.statename(), 10))
          .append(p.description())
          .append('\n');
    }
    s.out.print(sb);
    s.out.flush();
  }

  @Override
  public void help(CtlSession s) {
    s.output("status <name>\t\tGet status for a single process");
    s.output("status <gname>:*\tGet status for all processes in a group");
    s.output("status <name> <name>\tGet status for multiple named processes");
    s.output("status\t\t\tGet all process status info");
  }
}
