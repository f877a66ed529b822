package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main log's lines around serving, stopping and shutting down, in Python supervisord 4.2.5's
 * words and order: both daemons run the same config, driven by Debian's supervisorctl.
 */
@Tag("integration")
final class MainLogCompatibilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** The lines whose words and order are compared (spawn/success timing differs by design). */
  private static final Pattern COMPARED =
      Pattern.compile("(INFO RPC interface|CRIT Server|INFO waiting for|\\w+ stopped:).*");

  @TempDir Path ours;
  @TempDir Path python;

  @Test
  @Timeout(120)
  void stopAndShutdown_logTheLinesPythonLogs_inItsOrder() throws Exception {
    // TERM takes the program 1.5 s: long enough for every "waiting for" report to be due.
    String programs = String.join("\n",
        "[program:a]",
        "command=/bin/bash -c \"trap 'sleep 1.5; exit 0' TERM; while true; do sleep 0.1; done\"",
        "startsecs=0",
        "[program:b]",
        "command=/bin/bash -c \"trap 'sleep 1.5; exit 0' TERM; while true; do sleep 0.1; done\"",
        "startsecs=0",
        "");
    Path ourConf = DaemonProcess.writeConfig(ours, programs);
    Path pythonConf = DaemonProcess.writeConfig(python, programs);
    try (DaemonProcess j = DaemonProcess.java(ours, ourConf);
        DaemonProcess p = DaemonProcess.python(python, pythonConf)) {
      for (DaemonProcess d : List.of(j, p)) {
        d.awaitState("a", "RUNNING", WAIT);
        d.awaitState("b", "RUNNING", WAIT);
      }
      for (DaemonProcess d : List.of(j, p)) {
        assertThat(d.ctl("stop", "a").output()).isEqualTo("a: stopped\n");
      }
      for (DaemonProcess d : List.of(j, p)) {
        assertThat(d.ctl("shutdown").output()).isEqualTo("Shut down\n");
      }
      assertThat(j.awaitExit(WAIT)).isZero();
      assertThat(p.awaitExit(WAIT)).isZero();
    }
    List<String> expected = compared(python);
    assertThat(expected).containsExactly(
        "INFO RPC interface 'supervisor' initialized",
        "CRIT Server 'unix_http_server' running without any HTTP authentication checking",
        "INFO waiting for a to stop",
        "INFO stopped: a (exit status 0)",
        "INFO waiting for b to die",
        "INFO stopped: b (exit status 0)");
    assertThat(compared(ours)).isEqualTo(expected);
  }

  private static List<String> compared(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve("supervisord.log")).stream()
        .map(line -> line.replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ", ""))
        .filter(line -> COMPARED.matcher(line).matches())
        .collect(Collectors.toList());
  }
}
