package dev.jsupervisor.ctl;

/** {@code remove group ...}: removeProcessGroup for each name. */
final class RemoveCommand implements Command {
  @Override
  public String name() {
    return "remove";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    for (String name : Commands.words(arg)) {
      try {
        s.client().call("supervisor.removeProcessGroup", name);
        s.output(name + ": removed process group");
      } catch (RpcFault f) {
        s.exitStatus = ExitCodes.GENERIC;
        switch (f.code()) {
          case RpcFault.STILL_RUNNING -> s.output("ERROR: process/group still running: " + name);
          case RpcFault.BAD_NAME -> s.output("ERROR: no such process/group: " + name);
          default -> throw f;
        }
      }
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("remove <name> [...]\tRemoves process/group from active config");
  }
}
