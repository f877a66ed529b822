package dev.jsupervisor.ctl;

import java.io.InterruptedIOException;
import java.util.Locale;

/** {@code shutdown}: supervisor.shutdown (asks first in the interactive shell). */
final class ShutdownCommand implements Command {
  @Override
  public String name() {
    return "shutdown";
  }

  @Override
  public void run(CtlSession s, String arg) throws RpcFault, ServerException {
    if (!arg.isEmpty()) {
      s.output("Error: shutdown accepts no arguments");
      s.exitStatus = ExitCodes.GENERIC;
      help(s);
      return;
    }
    if (!confirm(s, "Really shut the remote supervisord process down y/N? ")) {
      return;
    }
    try {
      s.client().call("supervisor.shutdown");
      s.output("Shut down");
    } catch (RpcFault f) {
      if (f.code() != RpcFault.SHUTDOWN_STATE) {
        s.exitStatus = ExitCodes.GENERIC;
        throw f;
      }
      s.output("ERROR: already shutting down");
    } catch (ServerException e) {
      s.exitStatus = ExitCodes.GENERIC;
      switch (e.kind()) {
        case REFUSED -> s.output("ERROR: " + s.options.serverurl + " refused connection (already shut down?)");
        case NO_FILE -> s.output("ERROR: " + s.options.serverurl + " no such file (already shut down?)");
        default -> throw e;
      }
    }
  }

  /** In the interactive shell, asks the question; one-shot mode never asks. */
  static boolean confirm(CtlSession s, String question) {
    if (!s.options.interactive) {
      return true;
    }
    try {
      String answer = s.input.readLine(question);
      return answer != null && answer.toLowerCase(Locale.ROOT).startsWith("y");
    } catch (InterruptedIOException e) {
      s.output("");
      return false;
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("shutdown \tShut the remote supervisord down.");
  }
}
