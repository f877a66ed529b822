package dev.jsupervisor.ctl;

import java.util.List;

/** {@code clear name ...|all}: clearProcessLogs / clearAllProcessLogs. */
final class ClearCommand implements Command {
  @Override
  public String name() {
    return "clear";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> names = Commands.words(arg);
    if (names.isEmpty()) {
      s.output("Error: clear requires a process name");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    SupervisorClient c = s.client();
    if (names.contains("all")) {
      for (ProcessResult r : c.results("supervisor.clearAllProcessLogs")) {
        s.output(Commands.clearResult(r));
        s.exitFromFault(r.status(), -1);
      }
      return;
    }
    for (String name : names) {
      String[] gp = Names.split(name);
      try {
        c.call("supervisor.clearProcessLogs", name);
        s.output(Names.namespec(gp[0], gp[1]) + ": cleared");
      } catch (RpcFault f) {
        s.output(Commands.clearResult(Commands.faultResult(name, f)));
        s.exitFromFault(f.code(), -1);
      }
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("clear <name>\t\tClear a process' log files.");
    s.output("clear <name> <name>\tClear multiple process' log files");
    s.output("clear all\t\tClear all process' log files");
  }
}
