package dev.jsupervisor.ctl;

/** {@code quit}, {@code exit} and end of input: leave the shell. */
final class QuitCommand implements Command {
  private final String name;

  QuitCommand(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(CtlSession s, String arg) {
    s.output("");
  }

  @Override
  public boolean endsShell() {
    return true;
  }

  @Override
  public void help(CtlSession s) {
    s.output(name + "\tExit the supervisor shell.");
  }
}
