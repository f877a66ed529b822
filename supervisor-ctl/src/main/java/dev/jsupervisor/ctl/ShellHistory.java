package dev.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell's command history and its file ({@code -r}/{@code history_file}), in GNU readline's
 * format (one command a line, no timestamps), so that Python's supervisorctl and ours can share
 * one file. Read at start, rewritten at exit with the last {@value #LIMIT} commands. A missing or
 * unreadable file is an empty history and a failed write is ignored, as readline does. Used by the
 * session thread only.
 */
final class ShellHistory {
  static final int LIMIT = 1000;

  private final Path file;
  private final List<String> lines = new ArrayList<>();

  private ShellHistory(Path file) {
    this.file = file;
  }

  /** The history of {@code file}, or an empty one kept only in memory when it is null. */
  static ShellHistory load(String file) {
    ShellHistory h = new ShellHistory(file == null ? null : Path.of(file));
    if (h.file != null) {
      try {
        h.lines.addAll(Files.readAllLines(h.file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        // no history yet
      }
    }
    return h;
  }

  /** Remembers a command: blank lines are not kept, nor the same command twice in a row. */
  void add(String line) {
    if (!line.isBlank() && (lines.isEmpty() || !lines.get(lines.size() - 1).equals(line))) {
      lines.add(line);
    }
  }

  /** The commands, oldest first. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** Writes the last {@value #LIMIT} commands to the file, if there is one. */
  void save() {
    if (file == null) {
      return;
    }
    List<String> keep = lines.subList(Math.max(0, lines.size() - LIMIT), lines.size());
    try {
      Files.write(file, keep, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // like readline's write_history_file failure, not worth failing the session for
    }
  }
}
