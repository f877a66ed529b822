package dev.jsupervisor.ctl;

/** {@code restart ...}: a full {@code stop} round, then a full {@code start} round. */
final class RestartCommand implements Command {
  @Override
  public String name() {
    return "restart";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    if (Commands.words(arg).isEmpty()) {
      s.output("Error: restart requires a process name");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    s.commands().get("stop").run(s, arg);
    s.commands().get("start").run(s, arg);
  }

  @Override
  public void help(CtlSession s) {
    s.output("restart <name>\t\tRestart a process");
    s.output("restart <gname>:*\tRestart all processes in a group");
    s.output("restart <name> <name>\tRestart multiple processes or groups");
    s.output("restart all\t\tRestart all processes");
    s.output("Note: restart does not reread config files. For that, see reread and update.");
  }
}
