package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 with real programs, the real daemon and Debian's supervisorctl. */
@Tag("integration")
final class HealthIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  @Timeout(120)
  void httpServerReadyLate_isStartingUntilItsReadinessProbePasses_andGatesItsHealthyDependent() throws Exception {
    int port = freePort();
    Path go = dir.resolve("go"); // the server starts listening only once the test creates this file
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:web]",
        "command=/bin/sh -c 'while [ ! -e " + go + " ]; do sleep 0.1; done; exec /usr/bin/python3 -m http.server "
            + port + " --bind 127.0.0.1'",
        "readiness_probe = http://127.0.0.1:" + port + "/",
        "readiness_period = 0.3",
        "readiness_failure_threshold = 400",
        "stopasgroup = true",
        "[program:api]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "depends_on = web:healthy",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("web", "STARTING", WAIT);
      String notReady = "(?s).*web\\s+STARTING\\s+not ready: http://127.0.0.1:" + port + "/: .*";
      String early = d.ctl("status").output();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!early.matches(notReady) && System.nanoTime() - deadline < 0) {
        Thread.sleep(100);
        early = d.ctl("status").output();
      }
      assertThat(early).matches(notReady);
      assertThat(early).containsPattern("api\\s+STOPPED");
      Files.createFile(go);
      d.awaitState("web", "RUNNING", WAIT);
      assertThat(d.ctl("status", "web").output()).containsPattern("RUNNING\\s+pid \\d+, uptime [0-9:]+, healthy");
      d.awaitState("api", "RUNNING", WAIT);
      assertThat(Files.readString(dir.resolve("supervisord.log")))
          .contains("success: web entered RUNNING state, readiness probe passed (http://127.0.0.1:" + port + "/)");
    }
  }

  @Test
  @Timeout(120)
  void sameConfig_pythonSupervisordIgnoresTheHealthKeys() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:web]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "readiness_probe = tcp:127.0.0.1:1",
        "liveness_probe = command: true",
        "restart_backoff = exponential",
        "exit_daemon_on = fatal",
        ""));
    try (DaemonProcess d = DaemonProcess.python(dir, conf)) {
      d.awaitState("web", "RUNNING", WAIT);
    }
  }

  @Test
  @Timeout(120)
  void jobContainer_jobsExitCodeBecomesTheDaemons_andTheRestIsStoppedCleanly() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:sleeper]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "priority=1",
        "[program:job]",
        "command=/bin/sh -c 'sleep 1; exit 3'",
        "startsecs=0",
        "autorestart=false",
        "exit_daemon_on = any",
        "priority=2",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      assertThat(d.awaitExit(WAIT)).isEqualTo(3);
      String log = Files.readString(dir.resolve("supervisord.log"));
      assertThat(log).contains("exit policy: job exited (exit status 3); shutting down, exit status 3 (exit_daemon_on=any)")
          .contains("stopped: sleeper (terminated by SIGTERM)")
          .contains("exiting with status 3 by the exit policy of job");
    }
  }
}
