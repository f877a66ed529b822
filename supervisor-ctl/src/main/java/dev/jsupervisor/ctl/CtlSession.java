package dev.jsupervisor.ctl;

import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * supervisorctl's controller: the options, the exit status, the output streams and the command
 * table; it parses a line, runs its command and turns any unhandled failure into one readable
 * line. Used by one thread; {@link #interrupt()} is the only method another thread (the Ctrl-C
 * handler) may call.
 */
final class CtlSession {
  static final String API_VERSION = "3.0";

  final PrintStream out;
  final PrintStream err;
  /** Where typed lines come from; the shell may swap in a terminal before it starts. */
  volatile LineInput input;
  final CtlOptions options;
  private final Map<String, Command> commands;
  private final Completions completions;
  private final List<SupervisorClient.StreamHandle> streams = new CopyOnWriteArrayList<>();
  private SupervisorClient client;
  private String clientKey;
  int exitStatus = ExitCodes.SUCCESS;

  CtlSession(CtlOptions options, PrintStream out, PrintStream err, LineInput input) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.input = input;
    this.commands = Commands.table();
    List<String> vocabulary = new ArrayList<>(List.of("help"));
    vocabulary.addAll(Commands.documented(commands));
    this.completions = new Completions(vocabulary, () -> client().getAllProcessInfo());
  }

  /** Writes one line (with {@code \n}, whatever the platform). */
  void output(String line) {
    out.print(line + "\n");
    out.flush();
  }

  Map<String, Command> commands() {
    return commands;
  }

  /** Tab completion over this session's commands and server. */
  Completions completions() {
    return completions;
  }

  /**
   * The client for the current server URL and credentials. Like supervisorctl's
   * {@code get_supervisor()} it does not connect; the first call does.
   */
  SupervisorClient client() {
    String key = options.serverurl + "\u0000" + options.username + "\u0000" + options.password;
    if (client == null || !key.equals(clientKey)) {
      if (client != null) {
        client.close();
      }
      client = new SupervisorClient(ServerUrl.parse(options.serverurl), options.username, options.password);
      clientKey = key;
    }
    return client;
  }

  /** Releases the connection. */
  void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /**
   * supervisorctl's {@code upcheck}: the server must answer {@code getVersion} with "3.0".
   * Prints the reason and sets the exit status when it does not.
   */
  boolean upcheck() throws RpcFault, ServerException {
    try {
      String api = client().getVersion();
      if (!API_VERSION.equals(api)) {
        output("Sorry, this version of supervisorctl expects to talk to a server with API version "
            + API_VERSION + ", but the remote version is " + api + ".");
        exitStatus = ExitCodes.NOT_INSTALLED;
        return false;
      }
    } catch (RpcFault e) {
      if (e.code() == RpcFault.UNKNOWN_METHOD) {
        output("Sorry, supervisord responded but did not recognize the supervisor namespace commands"
            + " that supervisorctl uses to control it.  Please check that the"
            + " [rpcinterface:supervisor] section is enabled in the configuration file"
            + " (see sample.conf).");
        exitStatus = ExitCodes.UNIMPLEMENTED_FEATURE;
        return false;
      }
      exitStatus = ExitCodes.GENERIC;
      throw e;
    } catch (ServerException e) {
      if (e.kind() == ServerException.Kind.REFUSED) {
        output(options.serverurl + " refused connection");
        exitStatus = ExitCodes.INSUFFICIENT_PRIVILEGES;
        return false;
      }
      if (e.kind() == ServerException.Kind.NO_FILE) {
        output(options.serverurl + " no such file");
        exitStatus = ExitCodes.NOT_RUNNING;
        return false;
      }
      exitStatus = ExitCodes.GENERIC;
      throw e;
    }
    return true;
  }

  /** supervisorctl's {@code set_exitstatus_from_xmlrpc_fault}. */
  void exitFromFault(int code, int ignored) {
    if (code == ignored || code == RpcFault.SUCCESS) {
      return;
    }
    if (code == RpcFault.SPAWN_ERROR || code == RpcFault.ABNORMAL_TERMINATION
        || code == RpcFault.NOT_RUNNING) {
      exitStatus = ExitCodes.NOT_RUNNING;
    } else {
      exitStatus = ExitCodes.GENERIC;
    }
  }

  /**
   * Runs one line as Python's {@code cmd.Cmd.onecmd} would.
   *
   * @return true when the line ends the interactive shell
   */
  boolean onecmd(String rawLine) {
    String line = rawLine.strip();
    if (line.isEmpty()) {
      return false;
    }
    completions.forget(); // as supervisorctl: names are fetched again after each command
    if (line.charAt(0) == '?') {
      line = "help " + line.substring(1);
    }
    int i = 0;
    while (i < line.length() && isIdentChar(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    String arg = line.substring(i).strip();
    Command c = name.isEmpty() ? null : commands.get(name);
    if (c == null) {
      output("*** Unknown syntax: " + line);
      exitStatus = ExitCodes.GENERIC;
      return false;
    }
    return runGuarded(c, arg, line);
  }

  private boolean runGuarded(Command c, String arg, String line) {
    try {
      c.run(this, arg);
      return c.endsShell();
    } catch (ServerException e) {
      if (e.kind() == ServerException.Kind.UNAUTHORIZED) {
        output("Server requires authentication");
        exitStatus = ExitCodes.GENERIC;
        if (options.interactive && askCredentials()) {
          return onecmd(line);
        }
        return false;
      }
      exitStatus = ExitCodes.GENERIC;
      output(describe(e));
    } catch (RpcFault e) {
      exitStatus = ExitCodes.GENERIC;
      output("error: <class 'xmlrpc.client.Fault'>, " + e.getMessage());
    } catch (UncheckedIOException e) {
      exitStatus = ExitCodes.GENERIC;
      output("error: " + e.getCause().getMessage());
    } catch (IllegalArgumentException e) {
      exitStatus = ExitCodes.GENERIC;
      output("error: <class 'ValueError'>, " + e.getMessage());
    }
    return false;
  }

  private String describe(ServerException e) {
    return switch (e.kind()) {
      case REFUSED -> "error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused";
      case NO_FILE -> "error: <class 'FileNotFoundError'>, [Errno 2] No such file or directory";
      default -> "error: " + e.getMessage();
    };
  }

  /** Interactive 401 handling: ask for a user name and password and retry the line. */
  private boolean askCredentials() {
    try {
      String user = input.readLine("Username:");
      if (user == null) {
        return false;
      }
      String pass = input.readSecret("Password:");
      output("");
      if (pass == null) {
        return false;
      }
      options.username = user;
      options.password = pass;
      return true;
    } catch (InterruptedIOException e) {
      output("");
      return false;
    }
  }

  /**
   * Streams a log URL to stdout until Ctrl-C ({@code tail -f}, {@code maintail -f}). A non-200
   * answer is reported on stderr as supervisorctl's HTTP client does.
   */
  void follow(String path) throws ServerException {
    output("==> Press Ctrl-C to exit <==");
    SupervisorClient.StreamHandle h = new SupervisorClient.StreamHandle();
    streams.add(h);
    try {
      int status = client().stream(path, out, h);
      if (h.isAborted()) {
        output("");
      } else if (status != 200) {
        err.print(options.serverurl + path + " Cannot read, status code " + status + "\n");
        err.flush();
      }
    } finally {
      streams.remove(h);
    }
  }

  /** Registers a stream that Ctrl-C must abort (used by {@code fg}). */
  void addStream(SupervisorClient.StreamHandle h) {
    streams.add(h);
  }

  void removeStream(SupervisorClient.StreamHandle h) {
    streams.remove(h);
  }

  /**
   * Ctrl-C: aborts a running {@code tail -f}/{@code fg} or wakes a prompt. Called on the signal
   * thread.
   *
   * @return false when nothing was waiting to be interrupted (the caller then exits)
   */
  boolean interrupt() {
    boolean handled = false;
    for (SupervisorClient.StreamHandle h : streams) {
      h.abort();
      handled = true;
    }
    return input.interrupt() || handled;
  }

  private static boolean isIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
