package dev.jsupervisor.ctl;

import java.util.List;

/**
 * {@code tail [-f|-BYTES] name [stdout|stderr]}: readProcessStdoutLog/readProcessStderrLog, or
 * with {@code -f} the {@code /logtail/name/channel} stream.
 */
final class TailCommand implements Command {
  @Override
  public String name() {
    return "tail";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> args = Commands.words(arg);
    if (args.isEmpty() || args.size() > 3) {
      s.output(args.isEmpty() ? "Error: too few arguments" : "Error: too many arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    String modifier = args.get(0).startsWith("-") ? args.remove(0) : null;
    String name;
    String channel = "stdout";
    if (args.size() == 1) {
      name = args.get(0);
    } else if (args.isEmpty()) {
      s.output("Error: tail requires process name");
      s.exitStatus = ExitCodes.GENERIC;
      return;
    } else {
      name = args.get(0);
      channel = args.get(args.size() - 1).toLowerCase(java.util.Locale.ROOT);
      if (!channel.equals("stderr") && !channel.equals("stdout")) {
        s.output("Error: bad channel '" + channel + "'");
        s.exitStatus = ExitCodes.GENERIC;
        return;
      }
    }
    int bytes = 1600;
    if (modifier != null) {
      String what = modifier.substring(1);
      if (what.equals("f")) {
        s.follow("/logtail/" + PathEscape.escape(name) + "/" + channel);
        return;
      }
      Integer n = PathEscape.pyInt(what);
      if (n == null) {
        s.output("Error: bad argument " + modifier);
        s.exitStatus = ExitCodes.GENERIC;
        return;
      }
      bytes = n;
    }
    String method = channel.equals("stdout") ? "supervisor.readProcessStdoutLog"
        : "supervisor.readProcessStderrLog";
    try {
      s.output(s.client().readString(method, name, -bytes, 0));
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      switch (f.code()) {
        case RpcFault.NO_FILE -> s.output(name + ": ERROR (no log file)");
        case RpcFault.FAILED -> s.output(name + ": ERROR (unknown error reading log)");
        case RpcFault.BAD_NAME -> s.output(name + ": ERROR (no such process name)");
        default -> throw f;
      }
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("tail [-f] <name> [stdout|stderr] (default stdout)\n"
        + "Ex:\n"
        + "tail -f <name>\t\tContinuous tail of named process stdout\n"
        + "\t\t\tCtrl-C to exit.\n"
        + "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
        + "tail <name> stderr\tlast 1600 *bytes* of process stderr");
  }
}
