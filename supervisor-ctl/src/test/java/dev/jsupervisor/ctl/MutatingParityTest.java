package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Commands that change state: Python's supervisorctl drives daemon A, ours drives daemon B (same
 * config, same state), step by step; every step's output and exit status must be identical.
 */
@Tag("integration")
@Timeout(180)
final class MutatingParityTest {
  private Path root;
  private ReferenceDaemon a;
  private ReferenceDaemon b;

  @BeforeEach
  void startDaemons() throws Exception {
    root = Files.createTempDirectory("ctl-it-rw-");
    a = ReferenceDaemon.unix(root.resolve("a"));
    b = ReferenceDaemon.unix(root.resolve("b"));
  }

  @AfterEach
  void stopDaemons() throws Exception {
    try {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    } finally {
      TempDirs.delete(root);
    }
  }

  @Test
  void lifecycleCommands_stepByStep_identicalOutputAndExitStatus() throws Exception {
    for (String step : new String[] {
        "start manual", "start manual", "status manual", "stop manual", "stop manual",
        "start grp:*", "status grp:*", "stop grp:*", "start grp:", "restart grp:*",
        "restart sleeper", "restart worker:worker_00", "stop worker:*", "status", "start all",
        "stop all", "status", "start sleeper worker:*", "signal HUP sleeper",
        "signal USR1 worker:*", "signal TERM grp:*", "signal HUP all", "restart all",
        "clear sleeper", "clear all", "clear grp:*", "tail sleeper", "start failer",
        "stop nosuch grp:sleeper2", "pid manual", "status"}) {
      Parity.sameLines(a, b, step);
      a.awaitSettled(null, null);
      b.awaitSettled(null, null);
    }
  }

  @Test
  void rereadUpdateAddRemove_configEdited_identicalOutputAndExitStatus() throws Exception {
    String edited = ReferenceDaemon.PROGRAMS
        .replace("command=/bin/sleep 1000\nautostart=false\n\n[group",
            "command=/bin/sleep 999\nautostart=false\n\n[group")
        .replace("[program:failer]\ncommand=/bin/false\nstartsecs=1\nstartretries=0\n", "")
        + "\n[program:newprog]\ncommand=/bin/sleep 1000\nstartsecs=0\n"
        + "\n[program:other]\ncommand=/bin/sleep 1000\nautostart=false\n";
    assertThat(edited).contains("newprog").doesNotContain("failer").contains("sleep 999");
    a.rewritePrograms(edited);
    b.rewritePrograms(edited);
    for (String step : new String[] {
        "reread", "avail", "update nosuch", "add newprog", "add newprog", "status newprog",
        "avail", "remove newprog", "reread", "update manual", "update", "update", "reread",
        "status", "avail"}) {
      Parity.same(a, b, step);
      a.awaitSettled(null, null);
      b.awaitSettled(null, null);
    }
    Files.writeString(a.conf, Files.readString(a.conf) + "\n[program:broken\n");
    Files.writeString(b.conf, Files.readString(b.conf) + "\n[program:broken\n");
    Parity.same(a, b, "reread");
  }

  @Test
  void shutdown_thenCommands_identicalOutputAndExitStatus() throws Exception {
    Parity.same(a, b, "shutdown");
    assertThat(a.awaitExit(Duration.ofSeconds(20))).isTrue();
    assertThat(b.awaitExit(Duration.ofSeconds(20))).isTrue();
    for (String step : new String[] {"shutdown", "status", "start sleeper", "pid", "version"}) {
      Parity.same(a, b, step);
    }
  }
}
