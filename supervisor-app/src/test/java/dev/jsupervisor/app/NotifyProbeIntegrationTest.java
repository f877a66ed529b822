package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.os.posix.UnixDatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code readiness_probe = notify} with real programs speaking sd_notify to the real daemon (run
 * under a NOTIFY_SOCKET of its own, as systemd would), read back with Debian's supervisorctl.
 */
@Tag("integration")
final class NotifyProbeIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** sd_notify in python3: STATUS=waiting at once, READY=1 once the file argv[1] exists. */
  private static final String LATE = String.join("\n",
      "import os, socket, sys, time",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
      "s.connect(os.environ['NOTIFY_SOCKET'])",
      "s.send(b'STATUS=waiting for go')",
      "while not os.path.exists(sys.argv[1]):",
      "    time.sleep(0.05)",
      "s.send(b'READY=1\\nSTATUS=serving')",
      "time.sleep(1000)",
      "");

  @TempDir Path dir;

  private static String awaitStatus(DaemonProcess d, String program, String regex) throws Exception {
    String out = d.ctl("status", program).output();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!out.matches("(?s)" + regex) && System.nanoTime() - deadline < 0) {
      Thread.sleep(100);
      out = d.ctl("status", program).output();
    }
    assertThat(out).matches("(?s)" + regex);
    return out;
  }

  @Test
  @Timeout(120)
  void readyLate_runningOnlyThen_neverReady_fatalWithTheCause_othersDoNotInheritTheDaemonsSocket() throws Exception {
    Files.writeString(dir.resolve("late.py"), LATE);
    Path go = dir.resolve("go");
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:late]",
        "command=/usr/bin/python3 " + dir.resolve("late.py") + " " + go,
        "readiness_probe = notify",
        "readiness_period = 0.3",
        "readiness_failure_threshold = 400",
        "[program:mute]",
        "command=/bin/sleep 1000",
        "readiness_probe = notify",
        "readiness_period = 0.2",
        "readiness_failure_threshold = 3",
        "startretries = 1",
        "[program:plain]",
        "command=/bin/sh -c 'echo \"NOTIFY_SOCKET=${NOTIFY_SOCKET-unset}\"; exec /bin/sleep 1000'",
        "startsecs = 0",
        "stdout_logfile = " + dir.resolve("plain.log"),
        "[program:own]",
        "command=/bin/sh -c 'echo \"NOTIFY_SOCKET=${NOTIFY_SOCKET-unset}\"; exec /bin/sleep 1000'",
        "startsecs = 0",
        "environment = NOTIFY_SOCKET=\"/run/mine\"",
        "stdout_logfile = " + dir.resolve("own.log"),
        ""));
    Path daemonSocket = dir.resolve("systemd-notify.sock");
    try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(daemonSocket);
        DaemonProcess d = DaemonProcess.java(dir, conf, Map.of("NOTIFY_SOCKET", daemonSocket.toString()))) {
      awaitStatus(d, "late", ".*late\\s+STARTING\\s+not ready: sd_notify: no READY=1 received yet"
          + " \\(status: waiting for go\\).*");
      Files.createFile(go);
      awaitStatus(d, "late", ".*late\\s+RUNNING\\s+pid \\d+, uptime [0-9:]+, healthy \\(status: serving\\).*");

      d.awaitState("mute", "FATAL", WAIT);
      String log = Files.readString(dir.resolve("supervisord.log"));
      assertThat(log).contains("success: late entered RUNNING state, readiness probe passed (sd_notify)")
          .contains("mute: readiness probe failed: sd_notify: no READY=1 received yet; killing pid")
          .contains("gave up: mute entered FATAL state, too many start retries too quickly");

      d.awaitState("plain", "RUNNING", WAIT);
      d.awaitState("own", "RUNNING", WAIT);
      assertThat(Files.readString(dir.resolve("plain.log"))).isEqualTo("NOTIFY_SOCKET=unset\n");
      assertThat(Files.readString(dir.resolve("own.log"))).isEqualTo("NOTIFY_SOCKET=/run/mine\n");
    }
  }

  @Test
  @Timeout(120)
  void systemdNotifyFromAShellScript_passes() throws Exception {
    Path tool = Path.of("/usr/bin/systemd-notify");
    Assumptions.assumeTrue(Files.isExecutable(tool), "systemd-notify is not installed");
    // systemd-notify exits at once: with one socket per spawn no sender pid has to be looked up
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:script]",
        "command=/bin/sh -c 'sleep 0.5; " + tool + " --ready --status=\"from a script\"; exec /bin/sleep 1000'",
        "readiness_probe = notify",
        "readiness_period = 0.3",
        "readiness_failure_threshold = 100",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      awaitStatus(d, "script", ".*script\\s+RUNNING\\s+pid \\d+, uptime [0-9:]+, healthy \\(status: from a script\\).*");
    }
  }
}
