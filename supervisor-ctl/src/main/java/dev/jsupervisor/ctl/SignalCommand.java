package dev.jsupervisor.ctl;

import java.util.List;

/** {@code signal SIG name|group:*|all ...}: signalProcess / signalProcessGroup / signalAllProcesses. */
final class SignalCommand implements Command {
  @Override
  public String name() {
    return "signal";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> args = Commands.words(arg);
    if (args.size() < 2) {
      s.output("Error: signal requires a signal name and a process name");
      help(s);
      s.exitStatus = ExitCodes.GENERIC;
      return;
    }
    String sig = args.get(0);
    List<String> names = args.subList(1, args.size());
    SupervisorClient c = s.client();
    if (names.contains("all")) {
      report(s, c.results("supervisor.signalAllProcesses", sig));
      return;
    }
    for (String name : names) {
      String[] gp = Names.split(name);
      if (gp[1] == null) {
        try {
          report(s, c.results("supervisor.signalProcessGroup", gp[0], sig));
        } catch (RpcFault f) {
          if (f.code() != RpcFault.BAD_NAME) {
            throw f;
          }
          s.output(gp[0] + ": ERROR (no such group)");
          s.exitStatus = ExitCodes.GENERIC;
        }
      } else {
        try {
          c.call("supervisor.signalProcess", name, sig);
          s.output(Names.namespec(gp[0], gp[1]) + ": signalled");
        } catch (RpcFault f) {
          s.output(Commands.signalResult(Commands.faultResult(name, f), "signalled"));
          s.exitFromFault(f.code(), -1);
        }
      }
    }
  }

  private static void report(CtlSession s, List<ProcessResult> results) {
    for (ProcessResult r : results) {
      s.output(Commands.signalResult(r, "signalled"));
      s.exitFromFault(r.status(), -1);
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("signal <signal name> <name>\t\tSignal a process");
    s.output("signal <signal name> <gname>:*\t\tSignal all processes in a group");
    s.output("signal <signal name> <name> <name>\tSignal multiple processes or groups");
    s.output("signal <signal name> all\t\tSignal all processes");
  }
}
