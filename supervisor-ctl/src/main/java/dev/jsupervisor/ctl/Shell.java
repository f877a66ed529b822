package dev.jsupervisor.ctl;

import java.io.InterruptedIOException;

/**
 * The interactive shell: runs {@code status}, then prompts {@code supervisor> } and runs each
 * line until {@code quit}, {@code exit}, end of input or Ctrl-C at the prompt. Every command typed
 * goes into the {@link ShellHistory}, which is saved when the shell ends. Runs on the caller's
 * thread; always ends with exit status 0.
 */
final class Shell {
  private final CtlSession session;
  private final ShellHistory history;

  Shell(CtlSession session, ShellHistory history) {
    this.session = session;
    this.history = history;
  }

  /** Runs the loop until the user leaves. */
  void run() {
    try {
      session.onecmd("status");
      while (true) {
        String line;
        try {
          line = session.input.readLine(session.options.prompt + "> ");
        } catch (InterruptedIOException e) {
          session.output("");
          return;
        }
        if (line == null) {
          line = "EOF";
        } else {
          history.add(line);
        }
        if (session.onecmd(line)) {
          return;
        }
      }
    } finally {
      history.save();
    }
  }
}
