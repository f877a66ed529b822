package dev.jsupervisor.ctl;

import java.util.List;

/** {@code start name|group:*|all ...}: startProcess / startProcessGroup / startAllProcesses. */
final class StartCommand implements Command {
  @Override
  public String name() {
    return "start";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> names = Commands.words(arg);
    SupervisorClient c = s.client();
    if (names.isEmpty()) {
      s.output("Error: start requires a process name");
      s.exitStatus = ExitCodes.INVALID_ARGS;
      help(s);
      return;
    }
    if (names.contains("all")) {
      report(s, c.results("supervisor.startAllProcesses"));
      return;
    }
    for (String name : names) {
      String[] gp = Names.split(name);
      if (gp[1] == null) {
        try {
          report(s, c.results("supervisor.startProcessGroup", gp[0]));
        } catch (RpcFault f) {
          if (f.code() != RpcFault.BAD_NAME) {
            s.exitStatus = ExitCodes.GENERIC;
            throw f;
          }
          s.output(gp[0] + ": ERROR (no such group)");
          s.exitStatus = ExitCodes.INVALID_ARGS;
        }
      } else {
        try {
          c.call("supervisor.startProcess", name);
          s.output(Names.namespec(gp[0], gp[1]) + ": started");
        } catch (RpcFault f) {
          s.output(Commands.startResult(Commands.faultResult(name, f)));
          s.exitFromFault(f.code(), RpcFault.ALREADY_STARTED);
        }
      }
    }
  }

  private static void report(CtlSession s, List<ProcessResult> results) {
    for (ProcessResult r : results) {
      s.output(Commands.startResult(r));
      s.exitFromFault(r.status(), RpcFault.ALREADY_STARTED);
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("start <name>\t\tStart a process");
    s.output("start <gname>:*\t\tStart all processes in a group");
    s.output("start <name> <name>\tStart multiple processes or groups");
    s.output("start all\t\tStart all processes");
  }
}
