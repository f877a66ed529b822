package dev.jsupervisor.ctl;

import java.util.List;

/** {@code stop name|group:*|all ...}: stopProcess / stopProcessGroup / stopAllProcesses. */
final class StopCommand implements Command {
  @Override
  public String name() {
    return "stop";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> names = Commands.words(arg);
    SupervisorClient c = s.client();
    if (names.isEmpty()) {
      s.output("Error: stop requires a process name");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    if (names.contains("all")) {
      report(s, c.results("supervisor.stopAllProcesses"));
      return;
    }
    for (String name : names) {
      String[] gp = Names.split(name);
      if (gp[1] == null) {
        try {
          report(s, c.results("supervisor.stopProcessGroup", gp[0]));
        } catch (RpcFault f) {
          s.exitStatus = ExitCodes.GENERIC;
          if (f.code() != RpcFault.BAD_NAME) {
            throw f;
          }
          s.output(gp[0] + ": ERROR (no such group)");
        }
      } else {
        try {
          c.call("supervisor.stopProcess", name);
          s.output(Names.namespec(gp[0], gp[1]) + ": stopped");
        } catch (RpcFault f) {
          s.output(Commands.signalResult(Commands.faultResult(name, f), "stopped"));
          s.exitFromFault(f.code(), RpcFault.NOT_RUNNING);
        }
      }
    }
  }

  private static void report(CtlSession s, List<ProcessResult> results) {
    for (ProcessResult r : results) {
      s.output(Commands.signalResult(r, "stopped"));
      s.exitFromFault(r.status(), RpcFault.NOT_RUNNING);
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("stop <name>\t\tStop a process");
    s.output("stop <gname>:*\t\tStop all processes in a group");
    s.output("stop <name> <name>\tStop multiple processes or groups");
    s.output("stop all\t\tStop all processes");
  }
}
