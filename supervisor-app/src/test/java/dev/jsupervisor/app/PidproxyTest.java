package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pidproxy} with a program that forks into the background and writes a pidfile: run
 * directly (exit statuses, signals passed on) and as a program of our daemon driven by supervisorctl.
 */
@Timeout(120)
final class PidproxyTest {
  private static final Path PIDPROXY = Path.of("..", "bin", "pidproxy").toAbsolutePath().normalize();

  @TempDir Path dir;
  private Path daemonScript;
  private Path pidfile;
  private Path out;

  @BeforeEach
  void writeDaemon() throws Exception {
    pidfile = dir.resolve("d.pid");
    out = dir.resolve("d.out");
    // a classic daemon: the launcher exits at once, the background process writes its own pid
    daemonScript = dir.resolve("daemonize.sh");
    Files.writeString(daemonScript, "#!/bin/sh\n"
        + "sh -c 'echo $$ > \"$0\"; trap \"echo HUP >> $1\" HUP; trap \"echo TERM >> $1; exit 0\" TERM;"
        + " while :; do sleep 0.1; done' \"$1\" \"$2\" </dev/null >/dev/null 2>&1 &\n"
        + "exit 0\n");
    Files.setPosixFilePermissions(daemonScript, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Process pidproxy(String... command) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(PIDPROXY.toString(), pidfile.toString()));
    cmd.addAll(List.of(command));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("pp.out").toFile()).start();
  }

  private long awaitDaemonPid() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidfile)) {
        String text = Files.readString(pidfile).strip();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pidfile");
  }

  /** Whether pid runs; a zombie (dead, waiting for whoever adopted it to reap it) does not. */
  private static boolean alive(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text;
    try {
      text = Files.readString(stat);
    } catch (java.io.IOException e) {
      return false;
    }
    return !text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
  }

  private static void signal(long pid, String sig) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
  }

  private void awaitOutput(String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(out) && Files.readString(out).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the daemon did not write " + text);
  }

  @Test
  void staysInTheForeground_passesSignalsOn_andExitsWithTheDaemon() throws Exception {
    Process pp = pidproxy(daemonScript.toString(), pidfile.toString(), out.toString());
    long daemon = awaitDaemonPid();
    Thread.sleep(300);
    assertThat(pp.isAlive()).isTrue();
    signal(pp.pid(), "HUP");
    awaitOutput("HUP");
    assertThat(pp.isAlive()).isTrue();
    signal(pp.pid(), "TERM");
    assertThat(pp.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(pp.exitValue()).isZero();
    awaitOutput("TERM");
    assertThat(alive(daemon)).isFalse();
  }

  @Test
  void aDaemonThatDiesOnItsOwn_endsPidproxyWithStatusOne() throws Exception {
    Process pp = pidproxy(daemonScript.toString(), pidfile.toString(), out.toString());
    long daemon = awaitDaemonPid();
    Thread.sleep(1000); // pidproxy polls the pidfile every 0.1 s: let it adopt the daemon before it dies
    signal(daemon, "KILL");
    assertThat(pp.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(pp.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("pp.out"))).contains("is gone");
  }

  @Test
  void aLauncherThatFails_givesItsStatus() throws Exception {
    Process pp = pidproxy("/bin/sh", "-c", "exit 3");
    assertThat(pp.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(pp.exitValue()).isEqualTo(3);
  }

  @Test
  void underOurDaemon_supervisorctlStartsAndStopsTheDaemonizedProgram() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:legacy]\ncommand=" + PIDPROXY + " " + pidfile + " "
        + daemonScript + " " + pidfile + " " + out + "\nstartsecs=1\nstopwaitsecs=10\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("legacy", "RUNNING", Duration.ofSeconds(30));
      long daemon = awaitDaemonPid();
      assertThat(alive(daemon)).isTrue();
      DaemonProcess.CtlResult stop = d.ctl("stop", "legacy");
      assertThat(stop.output()).contains("legacy: stopped");
      awaitOutput("TERM");
      assertThat(alive(daemon)).isFalse();
      assertThat(d.ctl("status", "legacy").output()).contains("STOPPED");
    }
  }
}
