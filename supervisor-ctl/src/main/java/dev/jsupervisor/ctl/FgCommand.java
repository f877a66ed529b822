package dev.jsupervisor.ctl;

import java.io.InterruptedIOException;
import java.util.List;

/**
 * {@code fg name}: streams the program's stdout and stderr live (two {@code /logtail} streams on
 * daemon threads) and sends every typed line to its stdin; Ctrl-C or end of input detaches.
 */
final class FgCommand implements Command {
  @Override
  public String name() {
    return "fg";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> names = Commands.words(arg);
    if (names.isEmpty()) {
      s.output("ERROR: no process name supplied");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    if (names.size() > 1) {
      s.output("ERROR: too many process names supplied");
      s.exitStatus = ExitCodes.GENERIC;
      return;
    }
    String name = names.get(0);
    SupervisorClient c = s.client();
    ProcessInfo info;
    try {
      info = c.getProcessInfo(name);
    } catch (RpcFault f) {
      if (f.code() == RpcFault.BAD_NAME) {
        s.output("ERROR: bad process name supplied");
        s.exitStatus = ExitCodes.GENERIC;
      } else {
        s.output("ERROR: " + f.getMessage());
      }
      return;
    }
    if (!info.isRunning()) {
      s.output("ERROR: process not running");
      s.exitStatus = ExitCodes.GENERIC;
      return;
    }
    s.output("==> Press Ctrl-C to exit <==");
    SupervisorClient.StreamHandle stdout = attach(s, name, "stdout");
    SupervisorClient.StreamHandle stderr = attach(s, name, "stderr");
    try {
      forward(s, c, name);
    } finally {
      stdout.abort();
      stderr.abort();
      s.removeStream(stdout);
      s.removeStream(stderr);
    }
  }

  private static void forward(CtlSession s, SupervisorClient c, String name)
      throws RpcFault, ServerException {
    while (true) {
      String line;
      try {
        line = s.input.readLine("");
      } catch (InterruptedIOException e) {
        line = null;
      }
      if (line == null) {
        s.output("Exiting foreground");
        return;
      }
      try {
        c.call("supervisor.sendProcessStdin", name, line + "\n");
      } catch (RpcFault f) {
        s.output(f.code() == RpcFault.NOT_RUNNING ? "Process got killed" : "ERROR: " + f.getMessage());
        s.output("Exiting foreground");
        return;
      }
      if (!c.getProcessInfo(name).isRunning()) {
        s.output("Process got killed");
        s.output("Exiting foreground");
        return;
      }
    }
  }

  /** Starts one log stream on its own daemon thread; its own connection, so RPCs can go on. */
  private static SupervisorClient.StreamHandle attach(CtlSession s, String name, String channel) {
    SupervisorClient.StreamHandle h = new SupervisorClient.StreamHandle();
    s.addStream(h);
    SupervisorClient streamer = new SupervisorClient(
        ServerUrl.parse(s.options.serverurl), s.options.username, s.options.password);
    String path = "/logtail/" + PathEscape.escape(name) + "/" + channel;
    Thread t = new Thread(() -> {
      try {
        int status = streamer.stream(path, s.out, h);
        if (status != 200 && !h.isAborted()) {
          s.err.print(s.options.serverurl + path + " Cannot read, status code " + status + "\n");
          s.err.flush();
        }
      } catch (ServerException e) {
        s.err.print(s.options.serverurl + path + " Cannot connect, error: " + e.getMessage() + "\n");
        s.err.flush();
      }
    }, "ctl-fg-" + channel);
    t.setDaemon(true);
    t.start();
    return h;
  }

  @Override
  public void help(CtlSession s) {
    s.output("fg <process>\tConnect to a process in foreground mode");
    s.output("\t\tCtrl-C to exit");
  }
}
