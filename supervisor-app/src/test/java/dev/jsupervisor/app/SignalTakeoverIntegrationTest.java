package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGQUIT shuts the daemon down as it does supervisord: an event listener that runs
 * {@code kill -QUIT $PPID} once a program is RUNNING (what "stop the container when X happens"
 * listeners do) stops everything, and the daemon exits 0 — compared with Python supervisord on the
 * same config. Also checks what the takeover must not change: the daemon keeps its pid, and its
 * children start with an empty signal mask.
 */
@Tag("integration")
final class SignalTakeoverIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String LISTENER = String.join("\n",
      "import os, sys",
      "sys.stdout.write('READY\\n'); sys.stdout.flush()",
      "header = dict(t.split(':') for t in sys.stdin.readline().split())",
      "sys.stdin.read(int(header['len']))",
      "os.kill(os.getppid(), 3)",
      "sys.stdout.write('RESULT 2\\nOK'); sys.stdout.flush()",
      "sys.stdin.read()",
      "");

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void sigquitFromAListener_stopsEverything_exits0_asPythonSupervisord() throws Exception {
    for (String daemon : List.of("python", "java")) {
      Path run = Files.createDirectories(dir.resolve(daemon));
      Files.writeString(run.resolve("quit.py"), LISTENER);
      Path conf = DaemonProcess.writeConfig(run, String.join("\n",
          "[program:worker]",
          "command=/bin/sh -c 'grep SigBlk /proc/self/status; exec sleep 1000'",
          "startsecs=1",
          "stdout_logfile=" + run.resolve("worker.log"),
          "[eventlistener:quitter]",
          "command=/usr/bin/python3 " + run.resolve("quit.py"),
          "events=PROCESS_STATE_RUNNING",
          "stderr_logfile=" + run.resolve("quitter.err"),
          ""));
      try (DaemonProcess d = daemon.equals("java") ? DaemonProcess.java(run, conf) : DaemonProcess.python(run, conf)) {
        int status;
        try {
          status = d.awaitExit(WAIT);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\nlistener's stderr: " + Files.readString(run.resolve("quitter.err")), e);
        }
        assertThat(status).as(daemon + " exit status").isZero();
        String log = Files.readString(run.resolve("supervisord.log"));
        assertThat(log).as(daemon).contains("WARN received SIGQUIT indicating exit request")
            .contains("supervisord started with pid " + d.pid())
            .containsPattern("stopped: worker \\(terminated by SIGTERM\\)");
        assertThat(Files.readString(run.resolve("worker.log"))).as(daemon + ": the child's blocked signals")
            .contains("SigBlk:\t0000000000000000");
        Matcher worker = Pattern.compile("spawned: 'worker' with pid (\\d+)").matcher(log);
        assertThat(worker.find()).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(worker.group(1))).map(ProcessHandle::isAlive)).isNotEqualTo(
            java.util.Optional.of(true));
      }
    }
  }

  @Test
  @Timeout(60)
  void theDaemonTakesOverTheSignals_andKeepsItsPid_termStillShutsDown() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("sleeper", "RUNNING", WAIT);
      Map<String, String> status = procStatus(d.pid());
      long blocked = Long.parseLong(status.get("SigBlk"), 16);
      for (int signal : SignalTakeover.TAKEN) {
        assertThat(blocked & (1L << (signal - 1))).as("signal %d blocked", signal).isNotZero();
      }
      assertThat(Files.readString(dir.resolve("supervisord.pid")).strip()).isEqualTo(Long.toString(d.pid()));
      assertThat(List.of(Files.readString(Path.of("/proc/" + d.pid() + "/cmdline")).split("\0")))
          .contains("-Xrs", "-D" + SignalTakeover.PROPERTY + "=" + SignalTakeover.BLOCKED);
      d.signal("INT");
      assertThat(d.awaitExit(WAIT)).isZero();
      assertThat(Files.readString(dir.resolve("supervisord.log"))).contains("received SIGINT indicating exit request");
    }
  }

  private static Map<String, String> procStatus(long pid) throws Exception {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }
}
