package dev.jsupervisor.app;

import dev.jsupervisor.config.ConfigException;
import dev.jsupervisor.config.ConfigLoader;
import dev.jsupervisor.config.SupervisordConf;
import dev.jsupervisor.ctl.SupervisorCtl;
import dev.jsupervisor.rpc.SupervisorNamespace;
import dev.jsupervisor.web.rest.SupervisorResource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code java -jar supervisord.jar}: the daemon's entry point. Only {@link #main} calls
 * {@code System.exit}; {@link #run} returns the exit status (2 for usage and config errors, as
 * supervisord).
 */
public final class SupervisordMain {
  /**
   * What {@code supervisord version} and {@code -v} print: this program and its build, and the
   * supervisord release and XML-RPC API it is compatible with (what supervisorctl clients see on
   * the wire, {@code getSupervisorVersion}, stays the supervisord release).
   */
  static String version() {
    return "jsupervisor " + SupervisorResource.VERSION + " (compatible with supervisord "
        + SupervisorNamespace.SUPERVISOR_VERSION + ", XML-RPC API " + SupervisorNamespace.API_VERSION + ")";
  }

  /**
   * The HTTP libraries announce their versions at INFO through java.util.logging on stderr; only
   * our own log lines belong there (and in the journal). Held here: JUL keeps loggers weakly.
   */
  private static final class QuietLibraries { // a holder: the JVM that only re-executes itself never loads JUL
    static final List<Logger> LOGGERS = List.of(Logger.getLogger("org.xnio"),
        Logger.getLogger("org.jboss.threads"), Logger.getLogger("io.undertow"));
  }

  private SupervisordMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("ctl")) {
      // As supervisorctl.jar's own main: Ctrl-C detaches tail -f / fg and returns to the shell.
      SupervisorCtl.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (runsDaemonHere(args)) {
      Optional<Path> jar = JvmCommand.singleJar();
      Optional<Path> stub = JffiStub.load(jar); // before anything calls jffi
      SignalTakeover.reexecIfWanted(args, jar, stub, System.err); // returns only when it did not re-execute
    }
    quietLibraries();
    int status = run(args, System.out, System.err);
    System.exit(status);
  }

  /** Silences the HTTP libraries' INFO lines (their version banners); any thread, before they load. */
  static void quietLibraries() {
    QuietLibraries.LOGGERS.forEach(l -> l.setLevel(Level.WARNING));
  }

  /** Whether {@code args} run the daemon in this process (not ctl, version, service, help, or {@code -d}). */
  static boolean runsDaemonHere(String[] args) {
    if (args.length > 0 && List.of("ctl", "version", "service").contains(args[0])) {
      return false;
    }
    for (String a : args) {
      if (List.of("-h", "--help", "-?", "-v", "--version").contains(a)) {
        return false;
      }
    }
    try {
      return !Options.parse(args).daemon();
    } catch (Options.UsageException e) {
      return false;
    }
  }

  /** Runs the command line; returns the process exit status. Blocks for the daemon's lifetime. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("ctl")) {
      return SupervisorCtl.run(Arrays.copyOfRange(args, 1, args.length), out, err, System.in);
    }
    if (args.length > 0 && args[0].equals("version")) {
      out.println(version());
      return 0;
    }
    if (args.length > 0 && args[0].equals("service")) {
      return ServiceCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-?")) {
        out.print(Options.HELP);
        return 0;
      }
      if (a.equals("-v") || a.equals("--version")) {
        out.println(version());
        return 0;
      }
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (Options.UsageException e) {
      return usageError(err, e.getMessage());
    }
    Optional<Path> configFile = options.configFile();
    Optional<Path> launchedFrom = Detacher.launchedFrom(); // detached into [supervisord] directory
    if (launchedFrom.isPresent() && configFile.isPresent()) {
      configFile = Optional.of(launchedFrom.get().resolve(configFile.get()));
    }
    if (configFile.isEmpty()) {
      Optional<Path> jarDir = ConfigLocator.jarDirectory();
      configFile = ConfigLocator.find(jarDir);
      if (configFile.isEmpty()) {
        String searched = ConfigLocator.candidates(jarDir).stream().map(Path::toString)
            .collect(Collectors.joining(", "));
        return usageError(err, "No config file found at default paths (" + searched
            + "); use the -c option to specify a config file at a different path");
      }
    } else if (!Files.exists(configFile.get())) {
      return usageError(err, "could not find config file " + configFile.get());
    }
    SupervisordConf conf;
    try {
      conf = launchedFrom.isPresent() ? ConfigLoader.load(configFile.get(), launchedFrom.get())
          : ConfigLoader.load(configFile.get());
    } catch (ConfigException e) {
      return usageError(err, e.getMessage());
    }
    if (daemonizes(options, conf)) {
      Optional<Path> directory = options.directory().map(Path::of).or(() -> conf.supervisord().directory());
      if (directory.isPresent() && !Files.isDirectory(directory.get())) {
        return usageError(err, directory.get() + " is not an existing directory");
      }
      String[] detachArgs = args;
      if (options.configFile().isEmpty()) { // found at a default path: tell the detached daemon which
        detachArgs = Arrays.copyOf(args, args.length + 2);
        detachArgs[args.length] = "-c";
        detachArgs[args.length + 1] = configFile.get().toAbsolutePath().toString();
      }
      return Detacher.detach(detachArgs, directory.map(d -> d.toAbsolutePath().normalize()), out, err);
    }
    try {
      return new Daemon(configFile.get(), options, conf).run();
    } catch (Daemon.StartupException e) {
      return usageError(err, e.getMessage());
    }
  }

  /**
   * {@code -d}, or an explicit {@code nodaemon=false} in the file (as supervisord daemonizes then)
   * without {@code -n}. Without the key the daemon stays in the foreground, the seed's default.
   */
  static boolean daemonizes(Options options, SupervisordConf conf) {
    return options.daemon() || (!options.detached() && !options.nodaemon()
        && conf.supervisord().nodaemon().equals(Optional.of(false)));
  }

  private static int usageError(PrintStream err, String message) {
    err.println("Error: " + message);
    err.println("For help, use supervisord -h");
    return 2;
  }
}
