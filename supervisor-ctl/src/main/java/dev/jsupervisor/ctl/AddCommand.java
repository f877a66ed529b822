package dev.jsupervisor.ctl;

/** {@code add group ...}: addProcessGroup for each name. */
final class AddCommand implements Command {
  @Override
  public String name() {
    return "add";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    for (String name : Commands.words(arg)) {
      try {
        s.client().call("supervisor.addProcessGroup", name);
        s.output(name + ": added process group");
      } catch (RpcFault f) {
        switch (f.code()) {
          case RpcFault.SHUTDOWN_STATE -> {
            s.output("ERROR: shutting down");
            s.exitStatus = ExitCodes.GENERIC;
          }
          case RpcFault.ALREADY_ADDED -> s.output("ERROR: process group already active");
          case RpcFault.BAD_NAME -> {
            s.output("ERROR: no such process/group: " + name);
            s.exitStatus = ExitCodes.GENERIC;
          }
          default -> {
            s.exitStatus = ExitCodes.GENERIC;
            throw f;
          }
        }
      }
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("add <name> [...]\tActivates any updates in config for process/group");
  }
}
