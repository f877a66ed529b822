package dev.jsupervisor.ctl;

/** {@code reload}: supervisor.restart (asks first in the interactive shell). */
final class ReloadCommand implements Command {
  @Override
  public String name() {
    return "reload";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!arg.isEmpty()) {
      s.output("Error: reload accepts no arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    if (!ShutdownCommand.confirm(s, "Really restart the remote supervisord process y/N? ")) {
      return;
    }
    try {
      s.client().call("supervisor.restart");
      s.output("Restarted supervisord");
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      if (f.code() != RpcFault.SHUTDOWN_STATE) {
        throw f;
      }
      s.output("ERROR: already shutting down");
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("reload \t\tRestart the remote supervisord.");
  }
}
