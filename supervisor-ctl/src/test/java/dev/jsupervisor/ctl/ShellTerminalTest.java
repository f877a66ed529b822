package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a real terminal (tmux), against Python's supervisord: JLine's line
 * editing keys, history recalled by a second session (and shared with Python's supervisorctl),
 * Tab completion of commands and of the server's process and group names, Ctrl-C and Ctrl-D, and
 * which runs load JLine at all ({@link ClassLoading}).
 */
final class ShellTerminalTest {
  private static final String PROMPT = "supervisor>";
  /** After the program: its exit status on the screen, and the window kept open to read it. */
  private static final String THEN_WAIT = "; echo \"[exited $?]\"; exec sleep 600";

  @TempDir static Path dir;
  private static ReferenceDaemon daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = ReferenceDaemon.unix(dir.resolve("d"));
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    daemon.close();
  }

  @Test
  void tab_firstWord_completesCommandNamesAndListsAmbiguousOnes(@TempDir Path tmp) throws Exception {
    try (TmuxScreen t = ours(tmp, "")) {
      t.awaitLastLine(PROMPT);
      assertCompletes(t, "shu", "shutdown");
      t.type("sta");
      t.keys("Tab");
      String s = t.await("start and status listed", x -> x.contains("start") && x.contains("status")
          && x.contains(PROMPT + " sta"));
      assertThat(s).doesNotContain("stop");
    }
  }

  @Test
  void tab_afterProcessCommand_completesNamesAndGroupsFromTheServer(@TempDir Path tmp) throws Exception {
    try (TmuxScreen t = ours(tmp, "")) {
      t.awaitLastLine(PROMPT);
      assertCompletes(t, "stop sl", "stop sleeper");
      t.type("start gr");
      t.keys("Tab");
      t.awaitPromptLine(PROMPT, PROMPT + " start grp:");
      t.keys("Tab");
      t.await("the group's names listed", s -> s.contains("grp:*") && s.contains("grp:manual2")
          && s.contains("grp:sleeper2"));
      t.type("m");
      t.keys("Tab");
      t.awaitPromptLine(PROMPT, PROMPT + " start grp:manual2");
      t.keys("Enter");
      t.await("grp:manual2 started", s -> s.contains("grp:manual2: started"));
      t.awaitLastLine(PROMPT);
      t.type("stop grp:manual2");
      t.keys("Enter");
      t.await("grp:manual2 stopped", s -> s.contains("grp:manual2: stopped"));
    }
  }

  @Test
  void tab_afterHelpOrRemove_completesCommandsOrGroups(@TempDir Path tmp) throws Exception {
    try (TmuxScreen t = ours(tmp, "")) {
      t.awaitLastLine(PROMPT);
      assertCompletes(t, "help rel", "help reload");
      assertCompletes(t, "remove wo", "remove worker");
      assertCompletes(t, "update g", "update grp");
    }
  }

  @Test
  void editingKeys_moveKillAndClear_asReadline(@TempDir Path tmp) throws Exception {
    try (TmuxScreen t = ours(tmp, "")) {
      t.awaitLastLine(PROMPT);
      t.type("sttus");
      t.keys("Left", "Left", "Left");
      t.type("a");
      t.keys("C-a");
      t.type("x");
      t.keys("C-e");
      t.type(" sleeper");
      t.awaitLastLine(PROMPT + " xstatus sleeper");
      t.keys("Home", "C-d", "End", "Enter"); // C-d deletes the character under the cursor
      t.await("status of sleeper", s -> s.matches("(?s).*\n" + PROMPT + " status sleeper\nsleeper +RUNNING.*"));
      t.awaitLastLine(PROMPT);
      t.type("status foo bar");
      t.keys("C-w");
      t.awaitLastLine(PROMPT + " status foo");
      t.keys("C-a", "M-f", "C-k"); // kill from after the first word to the end
      t.awaitLastLine(PROMPT + " status");
      t.type(" grp:sleeper2");
      t.keys("C-w"); // back to the whitespace, as readline's unix-word-rubout: colons do not stop it
      t.awaitLastLine(PROMPT + " status");
      t.type(" grp:sleeper2");
      t.keys("Left", "Left", "C-u"); // kill back to the start of the line (unix-line-discard)
      t.awaitLastLine(PROMPT + " r2");
      t.keys("C-e", "C-u", "C-l");
      String s = t.await("a cleared screen", x -> x.strip().equals(PROMPT));
      assertThat(s).doesNotContain("RUNNING");
    }
  }

  @Test
  void history_secondSession_recallsTheFirstSessionsCommands(@TempDir Path tmp) throws Exception {
    Path history = tmp.resolve("history");
    try (TmuxScreen t = ours(tmp.resolve("1"), "-r " + history)) {
      t.awaitLastLine(PROMPT);
      t.type("version");
      t.keys("Enter");
      t.awaitLastLine(PROMPT);
      t.type("status sleeper");
      t.keys("Enter");
      t.await("sleeper's status", s -> s.contains("\nsleeper "));
      t.awaitLastLine(PROMPT);
      t.type("quit");
      t.keys("Enter");
      t.await("exit", s -> s.contains("[exited 0]"));
    }
    // readline's format: Python's supervisorctl reads the same file
    assertThat(Files.readAllLines(history)).containsExactly("version", "status sleeper", "quit");
    try (TmuxScreen t = ours(tmp.resolve("2"), "-r " + history)) {
      t.awaitLastLine(PROMPT);
      t.keys("Up");
      t.awaitLastLine(PROMPT + " quit");
      t.keys("Up");
      t.awaitLastLine(PROMPT + " status sleeper");
      t.keys("Enter");
      t.await("sleeper's status again", s -> s.matches("(?s).*\nsleeper +RUNNING.*\n" + PROMPT + "$"));
      t.keys("C-r");
      t.type("vers");
      t.await("reverse search found version", s -> s.contains("version"));
      t.keys("Enter");
      t.await("the version", s -> s.matches("(?s).*\n\\d+\\.\\d+\\.\\d+\n" + PROMPT + "$"));
    }
  }

  @Test
  void history_writtenByPythonSupervisorctl_isRecalledByOurs(@TempDir Path tmp) throws Exception {
    // history_file in [supervisorctl]: Python 4.2.5's -r sets an option nothing reads
    Path history = tmp.resolve("history");
    Path conf = tmp.resolve("supervisord.conf");
    Files.writeString(conf, Files.readString(daemon.conf)
        .replace("[supervisorctl]\n", "[supervisorctl]\nhistory_file=" + history + "\n"));
    String python = System.getProperty("ctl.it.supervisorctl", "/usr/bin/supervisorctl");
    try (TmuxScreen t = TmuxScreen.start(tmp, python + " -c " + conf
        + THEN_WAIT)) {
      t.awaitLastLine(PROMPT);
      t.type("pid");
      t.keys("Enter");
      t.awaitLastLine(PROMPT);
      t.type("quit");
      t.keys("Enter");
      t.await("exit", s -> s.contains("[exited 0]"));
    }
    assertThat(Files.readAllLines(history)).containsExactly("pid", "quit");
    try (TmuxScreen t = ours(tmp.resolve("ours"), conf, "")) {
      t.awaitLastLine(PROMPT);
      t.keys("Up", "Up");
      t.awaitLastLine(PROMPT + " pid");
      t.keys("Enter");
      t.await("the daemon's pid", s -> s.matches("(?s).*\n" + PROMPT + " pid\n\\d+\n" + PROMPT + "$"));
      t.type("quit");
      t.keys("Enter");
      t.await("exit", s -> s.contains("[exited 0]"));
    }
    assertThat(Files.readAllLines(history)).containsExactly("pid", "quit", "pid", "quit");
  }

  @Test
  void ctrlC_inTailF_returnsToThePromptAndCtrlDLeaves(@TempDir Path tmp) throws Exception {
    try (TmuxScreen t = ours(tmp, "")) {
      t.awaitLastLine(PROMPT);
      t.type("tail -f sleeper");
      t.keys("Enter");
      t.await("the tail", s -> s.contains("==> Press Ctrl-C to exit <==") && s.contains("hello"));
      t.keys("C-c");
      t.awaitLastLine(PROMPT);
      t.type("version");
      t.keys("Enter");
      t.await("the version", s -> s.matches("(?s).*\n\\d+\\.\\d+\\.\\d+\n" + PROMPT + "$"));
      t.keys("C-d");
      t.await("exit", s -> s.contains("[exited 0]"));
    }
  }

  @Test
  void password_askedOnAuthFailure_isNotEchoedNorKeptInTheHistory(@TempDir Path tmp) throws Exception {
    Path history = tmp.resolve("history");
    try (ReferenceDaemon auth = ReferenceDaemon.inet(tmp.resolve("d"), "alice", "s3cret-pw");
        TmuxScreen t = ours(tmp.resolve("ctl"), auth.conf, "-r " + history)) {
      t.await("the user name asked", s -> s.contains("Server requires authentication")
          && s.endsWith("Username:"));
      t.type("alice");
      t.keys("Enter");
      t.await("the password asked", s -> s.endsWith("Password:"));
      t.type("s3cret-pw");
      t.keys("Enter");
      String s = t.await("status after logging in", x -> x.contains("sleeper ") && x.endsWith(PROMPT));
      assertThat(s).doesNotContain("s3cret-pw");
      t.keys("Up"); // the last command typed, not the password
      t.awaitLastLine(PROMPT + " alice");
      t.keys("C-u");
      t.type("quit");
      t.keys("Enter");
      t.await("exit", x -> x.contains("[exited 0]"));
    }
    assertThat(Files.readString(history)).doesNotContain("s3cret-pw");
  }

  @Test
  void ctrlC_atThePrompt_leavesTheShell(@TempDir Path tmp) throws Exception {
    try (TmuxScreen t = ours(tmp, "")) {
      t.awaitLastLine(PROMPT);
      t.type("stat");
      t.keys("C-c");
      t.await("exit", s -> s.contains("[exited 0]"));
    }
  }

  /**
   * JLine is loaded by the interactive shell on a terminal only: a one-shot command (even on a
   * terminal) and a shell fed through a pipe load none of its classes, so they start as fast as
   * before JLine came in. Checked on the JVM's own class-loading log of a real run.
   */
  @Nested
  final class ClassLoading {
    @Test
    void oneShotStatus_onATerminal_loadsNoJlineClass(@TempDir Path tmp) throws Exception {
      Path log = tmp.resolve("classes.log");
      try (TmuxScreen t = TmuxScreen.start(tmp, command(log, "status sleeper")
          + THEN_WAIT)) {
        t.await("status and exit", s -> s.contains("[exited 0]") && s.contains("RUNNING"));
      }
      String classes = Files.readString(log);
      assertThat(classes).contains("dev.jsupervisor.ctl.StatusCommand").doesNotContain("org.jline");
    }

    @Test
    void shell_linesFromAPipe_loadsNoJlineClass(@TempDir Path tmp) throws Exception {
      Path log = tmp.resolve("classes.log");
      Path in = tmp.resolve("in.txt");
      Files.writeString(in, "status sleeper\nversion\n");
      List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", command(log, "")));
      Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("supervisor> sleeper", "RUNNING").endsWith("supervisor> \n");
      assertThat(Files.readString(log)).contains("dev.jsupervisor.ctl.Shell ").doesNotContain("org.jline");
    }

    @Test
    void shell_onATerminal_loadsJline(@TempDir Path tmp) throws Exception {
      Path log = tmp.resolve("classes.log");
      try (TmuxScreen t = TmuxScreen.start(tmp, command(log, "")
          + THEN_WAIT)) {
        t.awaitLastLine("supervisor>");
        t.type("quit");
        t.keys("Enter");
        t.await("exit", s -> s.contains("[exited 0]"));
      }
      assertThat(Files.readString(log)).contains("org.jline.reader.impl.LineReaderImpl ");
    }

    private static String command(Path log, String action) throws Exception {
      return ctl("-Xlog:class+load=info:file=" + log, daemon.conf, action);
    }
  }

  /** Types {@code typed} and Tab, waits for the line to read {@code completed}, then clears it. */
  private static void assertCompletes(TmuxScreen t, String typed, String completed) throws Exception {
    t.type(typed);
    t.keys("Tab");
    t.awaitPromptLine(PROMPT, PROMPT + " " + completed);
    t.keys("C-u");
    t.awaitLastLine(PROMPT);
  }

  /** Our supervisorctl in a terminal, as its jar runs it: java -cp (our classes + JLine). */
  private TmuxScreen ours(Path tmp, String options) throws Exception {
    return ours(tmp, daemon.conf, options);
  }

  private TmuxScreen ours(Path tmp, Path conf, String options) throws Exception {
    Files.createDirectories(tmp);
    return TmuxScreen.start(tmp, ctl("", conf, options) + THEN_WAIT);
  }

  /** The shell command that runs our supervisorctl with {@code jvmOptions} on {@code conf}. */
  private static String ctl(String jvmOptions, Path conf, String args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return java + " " + jvmOptions + " -cp " + String.join(":", CtlClasspath.entries())
        + " dev.jsupervisor.ctl.SupervisorCtl -c " + conf + " " + args;
  }
}
