package dev.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command table and the result formatting that several commands share. */
final class Commands {
  private Commands() {}

  /** Every action by name; built per session (cheap: no reflection, no scanning). */
  static Map<String, Command> table() {
    Map<String, Command> m = new LinkedHashMap<>();
    for (Command c : List.of(new StatusCommand(), new StartCommand(), new StopCommand(),
        new RestartCommand(), new SignalCommand(), new TailCommand(), new MaintailCommand(),
        new FgCommand(), new PidCommand(), new UpdateCommand(), new RereadCommand(),
        new AvailCommand(), new AddCommand(), new RemoveCommand(), new ReloadCommand(),
        new ShutdownCommand(), new ClearCommand(), new OpenCommand(), new VersionCommand(),
        new HelpCommand(), new QuitCommand("quit"), new QuitCommand("exit"),
        new QuitCommand("EOF"))) {
      m.put(c.name(), c);
    }
    return m;
  }

  /** The names {@code help} lists: every documented action, sorted. */
  static List<String> documented(Map<String, Command> table) {
    List<String> names = new ArrayList<>();
    for (String n : table.keySet()) {
      if (!n.equals("help") && !n.equals("EOF")) {
        names.add(n);
      }
    }
    Collections.sort(names);
    return names;
  }

  /** Whitespace split, as Python's {@code str.split()}. */
  static List<String> words(String arg) {
    List<String> out = new ArrayList<>();
    for (String w : arg.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** A single-process fault in the shape of a group result, as supervisorctl builds it. */
  static ProcessResult faultResult(String namespec, RpcFault f) {
    String[] gp = Names.split(namespec);
    return new ProcessResult(gp[1], gp[0], f.code(), f.faultString());
  }

  static String startResult(ProcessResult r) {
    String name = r.namespec();
    return switch (r.status()) {
      case RpcFault.BAD_NAME -> name + ": ERROR (no such process)";
      case RpcFault.NO_FILE -> name + ": ERROR (no such file)";
      case RpcFault.NOT_EXECUTABLE -> name + ": ERROR (file is not executable)";
      case RpcFault.ALREADY_STARTED -> name + ": ERROR (already started)";
      case RpcFault.SPAWN_ERROR -> name + ": ERROR (spawn error)";
      case RpcFault.ABNORMAL_TERMINATION -> name + ": ERROR (abnormal termination)";
      case RpcFault.SUCCESS -> name + ": started";
      default -> name + ": ERROR (" + r.description() + ")";
    };
  }

  static String signalResult(ProcessResult r, String success) {
    String name = r.namespec();
    return switch (r.status()) {
      case RpcFault.BAD_NAME -> name + ": ERROR (no such process)";
      case RpcFault.BAD_SIGNAL -> name + ": ERROR (bad signal name)";
      case RpcFault.NOT_RUNNING -> name + ": ERROR (not running)";
      case RpcFault.SUCCESS -> name + ": " + success;
      case RpcFault.FAILED -> r.description();
      default -> name + ": ERROR (" + r.description() + ")";
    };
  }

  static String clearResult(ProcessResult r) {
    String name = r.namespec();
    return switch (r.status()) {
      case RpcFault.BAD_NAME -> name + ": ERROR (no such process)";
      case RpcFault.FAILED -> name + ": ERROR (failed)";
      case RpcFault.SUCCESS -> name + ": cleared";
      default -> name + ": ERROR (" + r.description() + ")";
    };
  }

  /** Python's {@code "%-Ns" % s}: left-justify, never truncate. */
  static String pad(String s, int width) {
    StringBuilder sb = new StringBuilder(Math.max(width, s.length()));
    sb.append(s);
    while (sb.length() < width) {
      sb.append(' ');
    }
    return sb.toString();
  }
}
