package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Commands that do not change the daemon's state, run by Python's supervisorctl and ours against
 * the same daemon: output and exit status must be identical.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
final class ReadOnlyParityTest {
  private Path root;
  private ReferenceDaemon daemon;

  @BeforeAll
  void startDaemon() throws Exception {
    root = Files.createTempDirectory("ctl-it-ro-");
    daemon = ReferenceDaemon.unix(root);
  }

  @AfterAll
  void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    TempDirs.delete(root);
  }

  @ParameterizedTest(name = "supervisorctl {0}")
  @ValueSource(strings = {
      "status", "status all", "status sleeper", "status sleeper manual", "status grp:*", "status grp:",
      "status grp:sleeper2", "status worker:worker_01", "status foo", "status worker_00",
      "status nogrp:*", "status grp:nope", "status sleeper foo:bar", "status failer",
      "pid sleeper", "pid manual", "pid nosuch", "pid all", "pid grp:sleeper2 manual",
      "tail sleeper", "tail sleeper stderr", "tail -3 sleeper", "tail -3 sleeper STDERR",
      "tail sleeper foo", "tail -x sleeper", "tail", "tail a b c d", "tail nosuch", "tail manual",
      "maintail x", "maintail -x", "maintail -1 -2",
      "avail", "avail x", "reread x", "version", "version x",
      "help", "help status", "help start", "help stop", "help restart", "help signal", "help tail",
      "help maintail", "help fg", "help pid", "help update", "help reread", "help avail",
      "help add", "help remove", "help reload", "help shutdown", "help clear", "help open",
      "help version", "help help", "help quit", "help exit", "help EOF", "help nosuch",
      "foo", "status:x", "?", "start", "stop", "restart", "signal HUP", "signal", "clear",
      "fg", "fg nosuch", "fg manual", "fg a b", "reload x", "shutdown x", "open foo://x",
      "start nosuch", "stop nosuch", "signal HUP nosuch", "signal HUP nogrp:*", "clear nosuch",
      "stop manual", "start sleeper", "start grp:sleeper2", "signal FOO sleeper",
      "signal HUP manual", "add nosuch", "remove nosuch", "remove sleeper", "add sleeper",
      "update", "reread", "start nogrp:*", "stop nogrp:*", "update nosuch"})
  void command_sameDaemon_identicalOutputAndExitStatus(String line) throws Exception {
    Parity.same(daemon, line);
  }

  @Test
  void status_someProcessNotRunning_exits3() throws Exception {
    CtlRun run = Parity.same(daemon, "status");
    assertThat(run.exit()).isEqualTo(ExitCodes.STATUS_NOT_RUNNING);
    assertThat(run.out()).contains("failer", "FATAL", "grp:manual2", "Not started");
  }

  @Test
  void shell_linesFromStdin_sameTranscript() throws Exception {
    String input = "status sleeper\nfoo\nhelp help\n\nversion\n";
    CtlRun theirs = CtlRun.pythonWithInput(input, "-c", daemon.conf.toString());
    CtlRun mine = CtlRun.oursWithInput(input, "-c", daemon.conf.toString());
    assertThat(mine.masked(daemon.dir)).isEqualTo(theirs.masked(daemon.dir));
    assertThat(mine.exit()).isZero();
    assertThat(mine.out()).contains("supervisor> ").endsWith("supervisor> \n");
  }
}
