package dev.jsupervisor.ctl;

import java.util.List;

/** {@code maintail [-f|-BYTES]}: readLog, or with {@code -f} the {@code /mainlogtail} stream. */
final class MaintailCommand implements Command {
  @Override
  public String name() {
    return "maintail";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!s.upcheck()) {
      return;
    }
    List<String> args = Commands.words(arg);
    int bytes = 1600;
    if (args.size() > 1) {
      s.output("Error: too many arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    } else if (args.size() == 1) {
      String a = args.get(0);
      if (!a.startsWith("-")) {
        s.output("Error: bad argument " + a);
        s.exitStatus = ExitCodes.GENERIC;
        return;
      }
      if (a.equals("-f")) {
        s.follow("/mainlogtail");
        return;
      }
      Integer n = PathEscape.pyInt(a.substring(1));
      if (n == null) {
        s.output("Error: bad argument " + a);
        s.exitStatus = ExitCodes.GENERIC;
        return;
      }
      bytes = n;
    }
    try {
      s.output(s.client().readString("supervisor.readLog", -bytes, 0));
    } catch (RpcFault f) {
      s.exitStatus = ExitCodes.GENERIC;
      switch (f.code()) {
        case RpcFault.NO_FILE -> s.output("supervisord: ERROR (no log file)");
        case RpcFault.FAILED -> s.output("supervisord: ERROR (unknown error reading log)");
        default -> throw f;
      }
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
        + "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
        + "maintail\tlast 1600 *bytes* of supervisor main log file\n");
  }
}
