package dev.jsupervisor.ctl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * supervisorctl for jsupervisor: {@code supervisorctl [options] [action [arguments]]}. With an
 * action it runs it once and returns supervisorctl's exit status; without one it starts the
 * interactive shell. Works against Python's supervisord and ours alike (XML-RPC over HTTP on TCP or
 * a unix socket).
 *
 * <p>Only {@link #main} calls {@code System.exit}; {@link #run} is the entry point for embedding
 * (the daemon jar's {@code supervisord ctl ...}).
 */
public final class SupervisorCtl {
  static final String PROGNAME = "supervisorctl";

  private static final String USAGE = """
      supervisorctl -- control applications run by supervisord from the cmd line.

      Usage: %1$s [options] [action [arguments]]

      Options:
      -c/--configuration FILENAME -- configuration file path (searches if not given)
      -h/--help -- print usage message and exit
      -i/--interactive -- start an interactive shell after executing commands
      -s/--serverurl URL -- URL on which supervisord server is listening
           (default "http://localhost:9001").
      -u/--username USERNAME -- username to use for authentication with server
      -p/--password PASSWORD -- password to use for authentication with server
      -r/--history-file -- keep a readline history (if readline is available)

      action [arguments] -- see below

      Actions are commands like "tail" or "stop".  If -i is specified or no action is
      specified on the command line, a "shell" interpreting actions typed
      interactively is started.  Use the action "help" to find out about available
      actions.

      """;

  /** Actions that wait for Ctrl-C, so that the process must catch SIGINT for them. */
  private static final Set<String> FOREGROUND = Set.of("tail", "maintail", "fg");

  private SupervisorCtl() {}

  /**
   * Command-line entry point: runs {@link #run} on the process's streams and exits with its
   * status. Ctrl-C detaches {@code tail -f}/{@code fg} and leaves the shell, as in supervisorctl.
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int status = run(args, out, err, System.in, true);
    out.flush();
    System.exit(status);
  }

  /**
   * Runs supervisorctl with {@code args} (without the program name) on the given streams, on the
   * caller's thread. Never throws for bad input, an unreachable server or a server fault: those
   * are reported on {@code out}/{@code err} as supervisorctl does, and reflected in the result.
   *
   * @return the exit status (0 success, 1 generic error, 2 usage, 3/4 from {@code status}, ...)
   */
  public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
    return run(args, out, err, in, false);
  }

  private static int run(String[] args, PrintStream out, PrintStream err, InputStream in, boolean signals) {
    CtlOptions options;
    try {
      options = CtlOptions.parse(args, defaultSearchPaths(), System.getenv());
    } catch (CtlOptions.HelpRequested e) {
      out.print(String.format(USAGE, PROGNAME));
      out.flush();
      return ExitCodes.SUCCESS;
    } catch (CtlOptions.UsageException e) {
      err.print("Error: " + e.getMessage() + "\nFor help, use " + PROGNAME + " -h\n");
      err.flush();
      return ExitCodes.INVALID_ARGS;
    }
    CtlSession session = new CtlSession(options, out, err, new StreamLineInput(in, out));
    try {
      if (!options.args.isEmpty()) {
        if (signals && FOREGROUND.contains(options.args.get(0))) {
          Interrupts.install(session::interrupt, out::flush);
        }
        session.onecmd(String.join(" ", options.args));
        return session.exitStatus;
      }
      if (signals) {
        Interrupts.install(session::interrupt, out::flush);
      }
      runShell(session, in == System.in && Tty.isInteractive(), signals);
      return ExitCodes.SUCCESS;
    } finally {
      session.close();
      out.flush();
    }
  }

  /**
   * Runs the shell; on a terminal with JLine's line editing, history and completion (the only
   * path that loads JLine), else reading the stream as it comes.
   */
  private static void runShell(CtlSession session, boolean onTerminal, boolean signals) {
    ShellHistory history = ShellHistory.load(session.options.historyFile);
    LineInput terminal = null;
    if (onTerminal) {
      Runnable onInterrupt = signals ? Interrupts.onInterrupt(session::interrupt, session.out::flush) : null;
      terminal = TerminalLineInput.open(session.completions(), history.lines(), onInterrupt);
    }
    LineInput stream = session.input;
    if (terminal != null) {
      session.input = terminal;
    }
    try {
      new Shell(session, history).run();
    } finally {
      session.input = stream;
      if (terminal != null) {
        terminal.close();
      }
    }
  }

  /**
   * The seed's autodetection order: ./supervisord.conf, ./etc/supervisord.conf,
   * /etc/supervisord.conf, /etc/supervisor/supervisord.conf, then ../etc/supervisord.conf and
   * ../supervisord.conf relative to the directory holding this jar.
   */
  static List<Path> defaultSearchPaths() {
    List<Path> paths = new ArrayList<>(List.of(
        Path.of("supervisord.conf"),
        Path.of("etc", "supervisord.conf"),
        Path.of("/etc/supervisord.conf"),
        Path.of("/etc/supervisor/supervisord.conf")));
    for (Path p : paths) {
      if (Files.exists(p)) {
        return paths; // found early: skip locating the jar
      }
    }
    try {
      Path jar = Path.of(SupervisorCtl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path parent = jar.toAbsolutePath().getParent();
      if (parent != null && parent.getParent() != null) {
        paths.add(parent.getParent().resolve("etc").resolve("supervisord.conf"));
        paths.add(parent.getParent().resolve("supervisord.conf"));
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source (e.g. an unusual class loader): the first four paths are all we can try
    }
    return paths;
  }
}
