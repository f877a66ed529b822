package dev.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program on a real pseudo-terminal: a tmux server of its own (socket in a temp directory), one
 * 120x40 window running the command; keys go in with {@code send-keys}, the screen comes back with
 * {@code capture-pane}. {@link #await} polls the screen until it matches or 20 s have passed.
 */
final class TmuxScreen implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Path socket;

  private TmuxScreen(Path socket) {
    this.socket = socket;
  }

  /** Starts {@code command} (run by /bin/sh) in a new detached session. */
  static TmuxScreen start(Path dir, String command) throws Exception {
    TmuxScreen t = new TmuxScreen(dir.resolve("tmux.sock"));
    t.tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "ctl", command);
    return t;
  }

  /** Key names as tmux knows them: "Tab", "Enter", "C-a", "Left", "Home"... */
  void keys(String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "ctl"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** Literal text, typed as is. */
  void type(String text) throws Exception {
    tmux("send-keys", "-t", "ctl", "-l", text);
  }

  /** The screen now, trailing blanks of each line and trailing empty lines dropped. */
  String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", "ctl").replaceAll("(?m)[ \t]+$", "").stripTrailing();
  }

  /** The screen's last non-empty line (where the cursor line of a shell usually is). */
  String lastLine() throws Exception {
    String s = screen();
    return s.substring(s.lastIndexOf('\n') + 1);
  }

  /** Waits until the screen satisfies {@code condition}; fails with the screen otherwise. */
  String await(String what, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String s = screen();
    while (!condition.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("screen never showed " + what + ":\n" + s);
      }
      Thread.sleep(50);
      s = screen();
    }
    return s;
  }

  /** Waits until the last line that starts with {@code prompt} is exactly {@code line}. */
  String awaitPromptLine(String prompt, String line) throws Exception {
    return await("prompt line '" + line + "'", s -> {
      String found = null;
      for (String l : s.split("\n")) {
        if (l.startsWith(prompt)) {
          found = l;
        }
      }
      return line.equals(found);
    });
  }

  /** Waits until the last line is exactly {@code line}. */
  String awaitLastLine(String line) throws Exception {
    return await("last line '" + line + "'", s -> s.substring(s.lastIndexOf('\n') + 1).equals(line));
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /**
   * Ends the session and waits (up to 10 s) until the program in it and everything it started are
   * gone: a shell killed by the hang-up still writes its history file, and a test's temp dir must
   * not be deleted under it.
   */
  @Override
  public void close() throws Exception {
    List<ProcessHandle> running = new ArrayList<>();
    try {
      String panePid = tmux("display-message", "-p", "-t", "ctl", "#{pane_pid}").strip();
      ProcessHandle.of(Long.parseLong(panePid)).ifPresent(p -> {
        running.add(p);
        p.descendants().forEach(running::add);
      });
    } catch (IOException | NumberFormatException e) {
      // no session any more (its only program ended)
    }
    try {
      tmux("kill-server");
    } catch (IOException e) {
      // the server is gone already (its only program ended)
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle p : running) {
      while (p.isAlive() && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
    }
  }
}
