package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JLine is loaded by the interactive shell on a terminal only: a one-shot command (even on a
 * terminal) and a shell fed through a pipe load none of its classes, so they start as fast as
 * before JLine came in. Checked on the JVM's own class-loading log of a real run.
 */
final class ShellClassLoadingTest {
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
  void oneShotStatus_onATerminal_loadsNoJlineClass(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("classes.log");
    try (TmuxScreen t = TmuxScreen.start(tmp, command(log, "status sleeper")
        + "; echo \"[exited $?]\"; exec sleep 600")) {
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
        + "; echo \"[exited $?]\"; exec sleep 600")) {
      t.awaitLastLine("supervisor>");
      t.type("quit");
      t.keys("Enter");
      t.await("exit", s -> s.contains("[exited 0]"));
    }
    assertThat(Files.readString(log)).contains("org.jline.reader.impl.LineReaderImpl ");
  }

  private static String command(Path log, String action) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return java + " -Xlog:class+load=info:file=" + log + " -cp " + String.join(":", CtlClasspath.entries())
        + " dev.jsupervisor.ctl.SupervisorCtl -c " + daemon.conf + " " + action;
  }
}
