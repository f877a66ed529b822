package dev.jsupervisor.ctl;

import java.util.List;

/** {@code pid [name ...|all]}: getPID, getProcessInfo or getAllProcessInfo. */
final class PidCommand implements Command {
  @Override
  public String name() {
    return "pid";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    SupervisorClient c = s.client();
    List<String> names = Commands.words(arg);
    if (names.isEmpty()) {
      s.output(String.valueOf(c.getPID()));
    } else if (names.contains("all")) {
      for (ProcessInfo p : c.getAllProcessInfo()) {
        s.output(String.valueOf(p.pid()));
      }
    } else {
      for (String name : names) {
        try {
          int pid = c.getProcessInfo(name).pid();
          s.output(String.valueOf(pid));
          if (pid == 0) {
            s.exitStatus = ExitCodes.NOT_RUNNING;
          }
        } catch (RpcFault f) {
          s.exitStatus = ExitCodes.GENERIC;
          if (f.code() != RpcFault.BAD_NAME) {
            throw f;
          }
          s.output("No such process " + name);
        }
      }
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("pid\t\t\tGet the PID of supervisord.");
    s.output("pid <name>\t\tGet the PID of a single child process by name.");
    s.output("pid all\t\t\tGet the PID of every child process, one per line.");
  }
}
