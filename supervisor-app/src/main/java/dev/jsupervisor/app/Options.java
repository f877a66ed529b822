package dev.jsupervisor.app;

import dev.jsupervisor.config.values.Converters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The daemon's command line: Python supervisord's options plus the seed's {@code -d/--daemon}.
 * Options given here override the config file's {@code [supervisord]} values.
 *
 * @param configFile {@code -c FILE}
 * @param daemon {@code -d/--daemon}: detach (the default is to stay in the foreground)
 * @param nodaemon {@code -n}: stay in the foreground even when the file says {@code nodaemon=false}
 * @param detached set (internally) on the daemon that {@code -d} started
 * @param umask {@code -m/--umask}, applied when detaching, as {@code [supervisord] umask}
 * @param directory {@code --directory} (Python's long form; {@code -d} is the seed's detach):
 *     where a detached ({@code -d}) daemon runs; overrides {@code [supervisord] directory}
 * @param stripAnsi {@code -t/--strip_ansi}: strip ANSI escapes from every process's output (as {@code strip_ansi=true})
 * @param profileOptions {@code --profile_options}: accepted; there is no Python profiler to run
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
    Optional<Long> minprocs,
    Optional<Long> logfileMaxbytes,
    Optional<Integer> logfileBackups,
    Optional<Integer> umask,
    Optional<String> directory,
    boolean stripAnsi,
    Optional<String> profileOptions,
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
      "-n/--nodaemon -- run in the foreground (the default, unless the file says nodaemon=false)",
      "-d/--daemon -- detach from the terminal and run in the background",
      "-s/--silent -- no logs to stdout (only in the foreground)",
      "-h/--help -- print this usage message and exit",
      "-v/--version -- print the version (jsupervisor, and the supervisord release it matches) and exit",
      "-u/--user USER -- run supervisord as this user (or numeric uid)",
      "-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)",
      "--directory DIRECTORY -- directory to chdir to when daemonized",
      "-l/--logfile FILENAME -- use FILENAME as logfile path",
      "-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile",
      "-z/--logfile_backups NUM -- number of backups to keep when max bytes reached",
      "-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)",
      "-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME",
      "-i/--identifier STR -- identifier used for this instance of supervisord",
      "-q/--childlogdir DIRECTORY -- the log directory for child process logs",
      "-k/--nocleanup --  prevent the process from performing cleanup (removal of",
      "                   old automatic child log files) at startup.",
      "-a/--minfds NUM -- the minimum number of file descriptors for start success",
      "-t/--strip_ansi -- strip ansi escape codes from process output",
      "--minprocs NUM  -- the minimum number of processes available for start success",
      "--profile_options OPTIONS -- accepted for compatibility; there is no profiler to run",
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
    Optional<Long> minprocs = Optional.empty();
    Optional<Long> logfileMaxbytes = Optional.empty();
    Optional<Integer> logfileBackups = Optional.empty();
    Optional<Integer> umask = Optional.empty();
    Optional<String> directory = Optional.empty();
    boolean stripAnsi = false;
    Optional<String> profileOptions = Optional.empty();
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
        case "-t", "--strip_ansi" -> stripAnsi = true;
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
        case "-a", "--minfds" -> minfds = Optional.of(convert(name, arg(args, ++i, value, a), Converters::intValue));
        case "--minprocs" -> minprocs = Optional.of(convert(name, arg(args, ++i, value, a), Converters::integer));
        case "-y", "--logfile_maxbytes" ->
            logfileMaxbytes = Optional.of(convert(name, arg(args, ++i, value, a), Converters::byteSize));
        case "-z", "--logfile_backups" ->
            logfileBackups = Optional.of(convert(name, arg(args, ++i, value, a), Converters::intValue));
        case "-m", "--umask" -> umask = Optional.of(convert(name, arg(args, ++i, value, a), Converters::octal));
        case "--directory" -> directory = Optional.of(arg(args, ++i, value, a));
        case "--profile_options" -> profileOptions = Optional.of(arg(args, ++i, value, a));
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
        childlogdir, nocleanup, detached, minfds, minprocs, logfileMaxbytes, logfileBackups, umask, directory,
        stripAnsi, profileOptions, passthrough);
  }

  /** A value converted as supervisord's option table does; a bad one is its usage error. */
  private static <T> T convert(String option, String value, Function<String, T> converter) throws UsageException {
    try {
      return converter.apply(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageException("invalid value for " + option + " '" + value + "': " + e.getMessage());
    }
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
