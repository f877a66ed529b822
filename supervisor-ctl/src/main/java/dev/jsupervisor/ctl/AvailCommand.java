package dev.jsupervisor.ctl;

/** {@code avail}: getAllConfigInfo as {@code %-32s %-9s %-9s %s}. */
final class AvailCommand implements Command {
  @Override
  public String name() {
    return "avail";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!arg.isEmpty()) {
      s.output("Error: avail accepts no arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    try {
      for (ConfigInfo ci : s.client().getAllConfigInfo()) {
        s.output(Commands.pad(Names.namespec(ci.group(), ci.name()), 32) + " "
            + Commands.pad(ci.inuse() ? "in use" : "avail", 9) + " "
            + Commands.pad(ci.autostart() ? "auto" : "manual", 9) + " "
            + ci.groupPrio() + ":" + ci.processPrio());
      }
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      if (f.code() != RpcFault.SHUTDOWN_STATE) {
        throw f;
      }
      s.output("ERROR: supervisor shutting down");
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("avail\t\t\tDisplay all configured processes");
  }
}
