package dev.jsupervisor.core;

import static dev.jsupervisor.core.ControlException.Reason.ALREADY_STARTED;
import static dev.jsupervisor.core.ControlException.Reason.BAD_NAME;
import static dev.jsupervisor.core.ControlException.Reason.NOT_EXECUTABLE;
import static dev.jsupervisor.core.ControlException.Reason.NOT_RUNNING;
import static dev.jsupervisor.core.ControlException.Reason.NO_FILE;
import static dev.jsupervisor.core.ControlException.Reason.SPAWN_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** start/stop/signal/stdin commands, alone and per group or all (§1.7, §1.8). */
final class SupervisorCommandsTest {
  private static final ProcessName X = ProcessName.of("x");

  private static GroupSpec web() {
    return new GroupSpec("web", 10, List.of(
        Harness.spec("api").priority(1).autostart(false).build(),
        Harness.spec("worker").priority(2).autostart(false).build()));
  }

  private static List<String> names(List<ProcessResult> results) {
    return results.stream().map(r -> r.name().namespec() + (r.isOk() ? " OK" : " " + r.failure().orElseThrow().getMessage())).toList();
  }

  @Test
  void start_wait_completesOnlyWhenRunning() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    var f = h.supervisor.start(X, true);
    h.loop.runUntilIdle();
    assertThat(f).isNotDone();
    h.advance(Duration.ofSeconds(1));
    ProcessInfo info = h.done(f);
    assertThat(info.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(info.pid()).isEqualTo(1000);
  }

  @Test
  void start_noWait_completesWhenSpawned() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    assertThat(h.done(h.supervisor.start(X, false)).state()).isEqualTo(ProcessState.STARTING);
  }

  @Test
  void start_wait_exitBeforeStartsecs_spawnError() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    var f = h.supervisor.start(X, true);
    h.loop.runUntilIdle();
    h.launcher.last().exit(1);
    ControlException e = h.failure(f);
    assertThat(e).hasMessage("SPAWN_ERROR: x");
  }

  @Test
  void start_launcherFails_spawnErrorAtOnce() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    h.launcher.failSpawn("too many open files to spawn 'x'");
    assertThat(h.failure(h.supervisor.start(X, false)).reason()).isEqualTo(SPAWN_ERROR);
    assertThat(h.info("x").description()).isEqualTo("too many open files to spawn 'x'");
  }

  @Test
  void start_immediateFailures_haveTheirReasons() {
    Harness h = new Harness(Harness.single(Harness.spec("x")),
        Harness.single(Harness.spec("missing").command("/no/such/file").autostart(false)),
        Harness.single(Harness.spec("dir").command("/tmp").autostart(false)),
        Harness.single(Harness.spec("broken").command("sh -c 'x").autostart(false))).start();
    assertThat(h.failure(h.supervisor.start(X, false))).hasMessage("ALREADY_STARTED: x");
    assertThat(h.failure(h.supervisor.start(ProcessName.of("nosuch"), false))).hasMessage("BAD_NAME: nosuch");
    assertThat(h.failure(h.supervisor.start(ProcessName.of("missing"), false)))
        .hasMessage("NO_FILE: can't find command '/no/such/file'");
    assertThat(h.failure(h.supervisor.start(ProcessName.of("dir"), false)))
        .hasMessage("NOT_EXECUTABLE: command at '/tmp' is a directory");
    assertThat(h.failure(h.supervisor.start(ProcessName.of("broken"), false)).reason()).isEqualTo(NOT_EXECUTABLE);
    assertThat(h.state("missing")).isEqualTo(ProcessState.STOPPED);
    assertThat(NO_FILE).isNotEqualTo(ALREADY_STARTED);
  }

  @Test
  void stop_notRunningOrUnknown_fails() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    assertThat(h.failure(h.supervisor.stop(X, true))).hasMessage("NOT_RUNNING: x");
    assertThat(h.failure(h.supervisor.stop(ProcessName.parse("g:y"), true))).hasMessage("BAD_NAME: g:y");
    assertThat(h.failure(h.supervisor.signal(X, Signal.HUP)).reason()).isEqualTo(NOT_RUNNING);
  }

  @Test
  void stop_wait_completesWhenStopped() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    h.advance(Duration.ofSeconds(1));
    var f = h.supervisor.stop(X, true);
    h.loop.runUntilIdle();
    assertThat(f).isNotDone();
    h.launcher.last().killedBy(15);
    ProcessInfo info = h.done(f);
    assertThat(info.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(info.exitstatus()).isEqualTo(-1);
    assertThat(info.pid()).isZero();
  }

  @Test
  void startGroup_someRunning_resultsOnlyForTheOthersInOrder() {
    Harness h = new Harness(web()).start();
    h.done(h.supervisor.start(ProcessName.parse("web:worker"), false));
    assertThat(names(h.done(h.supervisor.startGroup("web", false)))).containsExactly("web:api OK");
    assertThat(h.done(h.supervisor.startGroup("web", false))).isEmpty();
    assertThat(h.failure(h.supervisor.startGroup("nope", false))).hasMessage("BAD_NAME: nope");
  }

  @Test
  void startAll_wait_completesWhenAllRunningAndReportsFailures() {
    Harness h = new Harness(web(), Harness.single(Harness.spec("x").autostart(false).priority(1))).start();
    var f = h.supervisor.startAll(true);
    h.loop.runUntilIdle();
    assertThat(h.launcher.labels()).containsExactly("x", "web:api", "web:worker");
    h.launcher.last("x").exit(2);
    h.loop.runUntilIdle();
    assertThat(f).isNotDone();
    h.advance(Duration.ofSeconds(1));
    assertThat(names(h.done(f))).containsExactly("x SPAWN_ERROR: x", "web:api OK", "web:worker OK");
  }

  @Test
  void stopAll_stopsCompletingTogether_reportedInStartOrder() {
    Harness h = new Harness(web()).start();
    h.done(h.supervisor.startAll(false));
    h.advance(Duration.ofSeconds(1));
    var f = h.supervisor.stopAll(true);
    h.loop.runUntilIdle();
    h.launcher.last("web:worker").killedBy(15);
    h.loop.runUntilIdle();
    h.advance(Duration.ofMillis(50)); // within supervisord's 50 ms polling of group results
    h.launcher.last("web:api").killedBy(15);
    assertThat(names(h.done(f))).containsExactly("web:api OK", "web:worker OK");
  }

  @Test
  void stopAll_signalsInStartOrder_reportsInCompletionOrder() {
    Harness h = new Harness(web(), Harness.single(Harness.spec("x").priority(1))).start();
    h.done(h.supervisor.startAll(false));
    h.advance(Duration.ofSeconds(1));
    h.done(h.supervisor.stop(X, false));
    var f = h.supervisor.stopAll(true);
    h.loop.runUntilIdle();
    assertThat(h.launcher.last("web:api").signals()).hasSize(1);
    assertThat(h.launcher.last("web:worker").signals()).hasSize(1);
    h.launcher.last("web:worker").killedBy(15);
    h.loop.runUntilIdle();
    h.advance(Duration.ofMillis(51));
    h.launcher.last("web:api").killedBy(15);
    // supervisord's stopAllProcesses: signalled in start order, results as the stops complete
    assertThat(names(h.done(f))).containsExactly("web:worker OK", "web:api OK");
    assertThat(h.events.allTransitions()).containsSubsequence("web:api RUNNING->STOPPING", "web:worker RUNNING->STOPPING");
  }

  @Test
  void signalGroup_onlySignallableMembers() {
    Harness h = new Harness(web()).start();
    h.done(h.supervisor.start(ProcessName.parse("web:api"), false));
    assertThat(names(h.done(h.supervisor.signalGroup("web", Signal.HUP)))).containsExactly("web:api OK");
    assertThat(h.launcher.last("web:api").signals()).containsExactly(new FakeChild.Sent(1, false));
    assertThat(names(h.done(h.supervisor.signalAll(Signal.USR2)))).containsExactly("web:api OK");
  }

  @Test
  void sendStdin_runningProcess_writesOnTheIoThread() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    var f = h.supervisor.sendStdin(X, "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    h.loop.runUntilIdle();
    f.join();
    assertThat(h.launcher.last().stdinText()).isEqualTo("hello\n");
    h.launcher.last().closeStdin();
    var closed = h.supervisor.sendStdin(X, new byte[] {1});
    h.loop.runUntilIdle();
    assertThat(closed).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(ControlException.class).withMessageContaining("NO_FILE: x");
    h.supervisor.stop(X, false);
    h.loop.runUntilIdle();
    assertThat(h.failure(h.supervisor.sendStdin(X, new byte[] {1}))).hasMessage("NOT_RUNNING: x");
  }

  @Test
  void launchRequest_environmentAndArgv_followSupervisordOrder() {
    GroupSpec g = new GroupSpec("grp", 1, List.of(Harness.spec("p").command("cat -n")
        .environment(Map.of("A", "spec", "PATH", "/usr/bin")).build()));
    Harness h = new Harness(0, b -> b.environment(Map.of("A", "builder", "B", "builder", "SUPERVISOR_ENABLED", "x"))
        .serverUrl("unix:///tmp/s.sock"), g).start();
    var req = h.launcher.last().request();
    assertThat(req.label()).isEqualTo("grp:p");
    assertThat(req.argv()).containsExactly("/usr/bin/cat", "-n");
    assertThat(req.environment()).containsEntry("A", "spec").containsEntry("B", "builder")
        .containsEntry("HOME", "/home/test").containsEntry("SUPERVISOR_ENABLED", "x")
        .containsEntry("SUPERVISOR_SERVER_URL", "unix:///tmp/s.sock")
        .containsEntry("SUPERVISOR_PROCESS_NAME", "p").containsEntry("SUPERVISOR_GROUP_NAME", "grp");
  }

  @Test
  void logFile_autoTarget_isNamedAfterProcessChannelAndIdentifier() throws Exception {
    ProcessSpec spec = Harness.spec("sleeper").autostart(false).stderr(LogSpec.DEFAULT).redirectStderr(false).build();
    Harness h = new Harness(0, b -> b.identifier("ident").childLogDir(java.nio.file.Path.of("/var/log/x")), GroupSpec.single(spec)).start();
    Optional<java.nio.file.Path> file = h.supervisor.logFile(ProcessName.of("sleeper"), Channel.STDERR);
    assertThat(file).hasValueSatisfying(p -> assertThat(p.toString()).matches("/var/log/x/sleeper-stderr---ident-[a-z0-9_]{8}\\.log"));
    assertThat(h.supervisor.logFile(ProcessName.of("sleeper"), Channel.STDOUT)).isEmpty();
    assertThat(h.info("sleeper").stderrLogfile()).isEqualTo(file.get().toString());
    try {
      h.supervisor.logFile(ProcessName.of("nope"), Channel.STDOUT);
      throw new AssertionError("no BAD_NAME");
    } catch (ControlException e) {
      assertThat(e.reason()).isEqualTo(BAD_NAME);
    }
  }

  @Test
  void description_runningAndStopped_textsAsSupervisorctlPrintsThem() {
    Harness h = new Harness(Harness.single(Harness.spec("x")), Harness.single(Harness.spec("never").autostart(false))).start();
    h.advance(Duration.ofSeconds(5));
    assertThat(h.info("x").description()).isEqualTo("pid 1000, uptime 0:00:05");
    assertThat(h.info("never").description()).isEqualTo("Not started");
    h.supervisor.stop(X, false);
    h.loop.runUntilIdle();
    h.launcher.last().killedBy(15);
    h.loop.runUntilIdle();
    assertThat(h.info("x").description(java.time.ZoneOffset.UTC)).isEqualTo("Nov 24 03:05 PM");
  }

  @Test
  void clearLogs_processWithoutLogFiles_succeedsAndBadNameFails() {
    Harness h = new Harness(web()).start();
    h.loop.runUntilIdle();
    var one = h.supervisor.clearLogs(ProcessName.parse("web:api"));
    h.loop.runUntilIdle();
    one.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(h.failure(h.supervisor.clearLogs(ProcessName.of("nope")))).hasMessage("BAD_NAME: nope");
    var all = h.supervisor.clearAllLogs();
    h.loop.runUntilIdle();
    assertThat(names(all.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join())).containsExactly("web:api OK", "web:worker OK");
  }
}
