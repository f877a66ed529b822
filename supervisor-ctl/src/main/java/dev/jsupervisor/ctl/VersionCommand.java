package dev.jsupervisor.ctl;

/** {@code version}: getSupervisorVersion. */
final class VersionCommand implements Command {
  @Override
  public String name() {
    return "version";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!arg.isEmpty()) {
      s.output("Error: version accepts no arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    if (!s.upcheck()) {
      return;
    }
    s.output(s.client().getSupervisorVersion());
  }

  @Override
  public void help(CtlSession s) {
    s.output("version\t\t\tShow the version of the remote supervisord process");
  }
}
