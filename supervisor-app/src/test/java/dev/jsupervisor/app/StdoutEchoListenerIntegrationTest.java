package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration the supervisor-stdout package documents (its listener echoes every PROCESS_LOG
 * payload back, {@code result_handler=supervisor_stdout:event_handler} prints it) puts a program's
 * output on the daemon's stdout, one prefixed line per line, with the handler done natively.
 */
@Tag("integration")
final class StdoutEchoListenerIntegrationTest {
  /** What supervisor_stdout's main() does. */
  private static final String ECHO_LISTENER = String.join("\n",
      "import sys",
      "while True:",
      "    sys.stdout.write('READY\\n'); sys.stdout.flush()",
      "    header = dict(t.split(':') for t in sys.stdin.readline().split())",
      "    data = sys.stdin.read(int(header['len']))",
      "    sys.stdout.write('RESULT %d\\n%s' % (len(data), data)); sys.stdout.flush()",
      "");

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void programOutputReachesTheDaemonsStdout_prefixedPerLine() throws Exception {
    Files.writeString(dir.resolve("echo.py"), ECHO_LISTENER);
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:talker]",
        "command=/bin/sh -c 'echo first; echo second >&2; echo third; exec sleep 1000'",
        "startsecs=0",
        "stdout_events_enabled=true",
        "stderr_events_enabled=true",
        "[eventlistener:stdout]",
        "command=/usr/bin/python3 " + dir.resolve("echo.py"),
        "buffer_size=100",
        "events=PROCESS_LOG",
        "result_handler=supervisor_stdout:event_handler",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(d.output().contains("talker stdout | third") && d.output().contains("talker stderr | second"))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(d.output()).contains("talker stdout | first\n", "talker stderr | second\n", "talker stdout | third\n")
          .doesNotContain("event caused an error", "event was rejected");
      assertThat(d.ctl("status", "stdout:*").output()).containsPattern("^stdout\\s+RUNNING");
    }
  }
}
