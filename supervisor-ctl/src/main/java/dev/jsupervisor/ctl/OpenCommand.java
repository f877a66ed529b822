package dev.jsupervisor.ctl;

/** {@code open URL}: switches to another server and shows its status. */
final class OpenCommand implements Command {
  @Override
  public String name() {
    return "open";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    String url = arg.strip();
    if (!url.startsWith("unix:") && !url.startsWith("http:")) {
      s.output("ERROR: url must be http:// or unix://");
      s.exitStatus = ExitCodes.GENERIC;
      return;
    }
    s.options.serverurl = url;
    int old = s.exitStatus;
    s.commands().get("status").run(s, "");
    s.exitStatus = old;
  }

  @Override
  public void help(CtlSession s) {
    s.output("open <url>\tConnect to a remote supervisord process.");
    s.output("\t\t(for UNIX domain socket, use unix:///socket/path)");
  }
}
