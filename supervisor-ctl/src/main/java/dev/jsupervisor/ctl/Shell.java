package dev.jsupervisor.ctl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The interactive shell: runs {@code status}, then prompts {@code supervisor> } and runs each
 * line until {@code quit}, {@code exit}, end of input or Ctrl-C at the prompt. Keeps a history
 * file when {@code -r}/{@code history_file} is set (read at start, rewritten at exit, one line per
 * command as readline does). Runs on the caller's thread; always ends with exit status 0.
 */
final class Shell {
  private static final int HISTORY_LIMIT = 1000;

  private final CtlSession session;
  private final List<String> history = new ArrayList<>();

  Shell(CtlSession session) {
    this.session = session;
  }

  /** Runs the loop until the user leaves. */
  void run() {
    loadHistory();
    try {
      session.onecmd("status");
      while (true) {
        session.out.print(session.options.prompt + "> ");
        session.out.flush();
        String line;
        try {
          line = session.input.readLine();
        } catch (InterruptedIOException e) {
          session.output("");
          return;
        }
        if (line == null) {
          line = "EOF";
        } else if (!line.isBlank()) {
          history.add(line);
        }
        if (session.onecmd(line)) {
          return;
        }
      }
    } finally {
      saveHistory();
    }
  }

  private void loadHistory() {
    String file = session.options.historyFile;
    if (file == null) {
      return;
    }
    try {
      history.addAll(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      // no history yet (readline ignores a missing or unreadable file too)
    }
  }

  private void saveHistory() {
    String file = session.options.historyFile;
    if (file == null) {
      return;
    }
    List<String> keep = history.subList(Math.max(0, history.size() - HISTORY_LIMIT), history.size());
    try {
      Files.write(Path.of(file), keep, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // like readline's write_history_file failure, not worth failing the session for
    }
  }
}
