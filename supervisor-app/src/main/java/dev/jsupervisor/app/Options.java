package dev.jsupervisor.app;

import dev.jsupervisor.config.values.Converters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's command line: Python supervisord's options plus the seed's {@code -d/--daemon}.
 * Options given here override the config file's {@code [supervisord]} values.
 *
 * @param configFile {@code -c FILE}
 * @param daemon {@code -d/--daemon}: detach (the default is to stay in the foreground)
 * @param nodaemon {@code -n}: accepted for compatibility; foreground is the default anyway
 * @param detached set (internally) on the daemon that {@code -d} started
 */
record Options(
    Optional<Path> configFile,
    boolean daemon,
    boolean nodaemon,
    boolean silent,
    Optional<String> user,
    Optional<String> logfile,
    Optional<String> loglevel,
    Optional<String> pidfile,
    Optional<String> identifier,
    Optional<String> childlogdir,
    boolean nocleanup,
    boolean detached,
    Optional<Integer> minfds,
    List<String> passthrough) {

  /** A usage error; its message is printed after {@code Error: }. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static final String HELP = String.join("\n",
      "supervisord -- run a set of applications as daemons.",
      "",
      "Usage: supervisord [options]",
      "       supervisord ctl [supervisorctl options] [command [args]]",
      "       supervisord version",
      "",
      "Options:",
      "-c/--configuration FILENAME -- configuration file path (searches if not given)",
      "-n/--nodaemon -- run in the foreground (the default)",
      "-d/--daemon -- detach from the terminal and run in the background",
      "-s/--silent -- no logs to stdout (only in the foreground)",
      "-h/--help -- print this usage message and exit",
      "-v/--version -- print supervisord version number and exit",
      "-u/--user USER -- run supervisord as this user (or numeric uid)",
      "-l/--logfile FILENAME -- use FILENAME as logfile path",
      "-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)",
      "-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME",
      "-i/--identifier STR -- identifier used for this instance of supervisord",
      "-q/--childlogdir DIRECTORY -- the log directory for child process logs",
      "-k/--nocleanup --  prevent the process from performing cleanup (removal of",
      "                   old automatic child log files) at startup.",
      "-a/--minfds NUM -- the minimum number of file descriptors for start success",
      "");

  /** Parses {@code args}; {@code -h} and {@code -v} are handled by the caller before this. */
  static Options parse(String[] args) throws UsageException {
    Optional<Path> config = Optional.empty();
    boolean daemon = false;
    boolean nodaemon = false;
    boolean silent = false;
    boolean nocleanup = false;
    boolean detached = false;
    Optional<String> user = Optional.empty();
    Optional<String> logfile = Optional.empty();
    Optional<String> loglevel = Optional.empty();
    Optional<String> pidfile = Optional.empty();
    Optional<String> identifier = Optional.empty();
    Optional<String> childlogdir = Optional.empty();
    Optional<Integer> minfds = Optional.empty();
    List<String> passthrough = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      String name = a;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "-n", "--nodaemon" -> nodaemon = true;
        case "-d", "--daemon" -> daemon = true;
        case "-s", "--silent" -> silent = true;
        case "-k", "--nocleanup" -> nocleanup = true;
        case Detacher.DETACHED -> detached = true;
        case "-c", "--configuration" -> config = Optional.of(Path.of(arg(args, ++i, value, a)));
        case "-u", "--user" -> user = Optional.of(arg(args, ++i, value, a));
        case "-l", "--logfile" -> logfile = Optional.of(arg(args, ++i, value, a));
        case "-e", "--loglevel" -> {
          String v = arg(args, ++i, value, a);
          try {
            Converters.logLevel(v);
          } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
          }
          loglevel = Optional.of(v);
        }
        case "-j", "--pidfile" -> pidfile = Optional.of(arg(args, ++i, value, a));
        case "-i", "--identifier" -> identifier = Optional.of(arg(args, ++i, value, a));
        case "-q", "--childlogdir" -> childlogdir = Optional.of(arg(args, ++i, value, a));
        case "-a", "--minfds" -> {
          String v = arg(args, ++i, value, a);
          try {
            minfds = Optional.of(Integer.parseInt(v.strip()));
          } catch (NumberFormatException e) {
            throw new UsageException("invalid value for " + a + " '" + v + "'");
          }
        }
        default -> {
          if (a.startsWith("-")) {
            throw new UsageException("option " + a + " not recognized");
          }
          passthrough.add(a);
        }
      }
      if (value != null && !name.startsWith("--")) {
        throw new UsageException("option " + a + " not recognized");
      }
    }
    if (!passthrough.isEmpty()) {
      throw new UsageException("positional arguments are not supported: " + passthrough);
    }
    return new Options(config, daemon, nodaemon, silent, user, logfile, loglevel, pidfile, identifier,
        childlogdir, nocleanup, detached, minfds, passthrough);
  }

  private static String arg(String[] args, int i, String inline, String option) throws UsageException {
    if (inline != null) {
      return inline;
    }
    if (i >= args.length) {
      throw new UsageException("option " + option + " requires argument");
    }
    return args[i];
  }
}
