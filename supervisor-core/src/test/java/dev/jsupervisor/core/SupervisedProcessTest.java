package dev.jsupervisor.core;

import static dev.jsupervisor.core.ProcessState.BACKOFF;
import static dev.jsupervisor.core.ProcessState.EXITED;
import static dev.jsupervisor.core.ProcessState.FATAL;
import static dev.jsupervisor.core.ProcessState.RUNNING;
import static dev.jsupervisor.core.ProcessState.STARTING;
import static dev.jsupervisor.core.ProcessState.STOPPED;
import static dev.jsupervisor.core.ProcessState.STOPPING;
import static dev.jsupervisor.core.ProcessState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.SupervisorEvent.ProcessStateChanged;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine of one process, driven through the Supervisor on fake time. */
final class SupervisedProcessTest {
  private static final ProcessName X = ProcessName.of("x");

  static LongStream startTimes() {
    return LongStream.of(0, FakeTimeSource.ONE_MINUTE_FROM_MAX, -7_312_345_678_901_234_567L);
  }

  private static ProcessStateChanged change(ProcessState from, ProcessState to, int pid, int tries) {
    return new ProcessStateChanged(X, from, to, false, pid, tries);
  }

  @ParameterizedTest
  @MethodSource("startTimes")
  void crashLoop_exitsBeforeStartsecs_backsOffOneTwoThreeSecondsThenFatal(long start) {
    Harness h = new Harness(start, Harness.single(Harness.spec("x").startretries(3))).start();
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(h.launcher.launches()).isEqualTo(attempt);
      h.advance(Duration.ofMillis(500));
      h.launcher.last().exit(1);
      h.loop.runUntilIdle();
      if (attempt < 4) {
        h.advance(Duration.ofMillis(attempt * 1000L - 1));
        assertThat(h.launcher.launches()).as("still waiting after attempt " + attempt).isEqualTo(attempt);
        h.advance(Duration.ofMillis(1));
      }
    }
    assertThat(h.events.stateChanges()).containsExactly(
        change(STOPPED, STARTING, 0, 0),
        change(STARTING, BACKOFF, 1000, 1), change(BACKOFF, STARTING, 0, 1),
        change(STARTING, BACKOFF, 1001, 2), change(BACKOFF, STARTING, 0, 2),
        change(STARTING, BACKOFF, 1002, 3), change(BACKOFF, STARTING, 0, 3),
        change(STARTING, BACKOFF, 1003, 4), change(BACKOFF, FATAL, 0, 0));
    assertThat(h.log.important()).endsWith(
        "WARN exited: x (exit status 1; not expected)",
        "INFO gave up: x entered FATAL state, too many start retries too quickly");
    ProcessInfo info = h.info("x");
    assertThat(info.description()).isEqualTo("Exited too quickly (process log may have details)");
    assertThat(info.restarts()).isEqualTo(3);
    assertThat(info.spawnFailures()).isEqualTo(4);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.launcher.launches()).isEqualTo(4);
  }

  @Test
  void crashLoop_startretriesZero_firstFailureIsFatal() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(0))).start();
    h.launcher.last().exit(0);
    h.loop.runUntilIdle();
    assertThat(h.events.transitions(X)).containsExactly("STOPPED->STARTING", "STARTING->BACKOFF", "BACKOFF->FATAL");
  }

  @ParameterizedTest
  @MethodSource("startTimes")
  void startsecs_elapsed_entersRunningAndLogsSuccess(long start) {
    Harness h = new Harness(start, Harness.single(Harness.spec("x").startsecs(Duration.ofSeconds(3)))).start();
    h.advance(Duration.ofMillis(2999));
    assertThat(h.state("x")).isEqualTo(STARTING);
    h.advance(Duration.ofMillis(1));
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.log.important()).containsExactly("INFO spawned: 'x' with pid 1000",
        "INFO success: x entered RUNNING state, process has stayed up for > than 3 seconds (startsecs)");
    assertThat(h.events.stateChanges()).containsExactly(change(STOPPED, STARTING, 0, 0), change(STARTING, RUNNING, 1000, 0));
  }

  @Test
  void restartCauses_crashAutorestartAndStartRequests_areCountedApart() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autorestart(RestartPolicy.ALWAYS))).start();
    h.advance(Duration.ofSeconds(5));
    h.launcher.last().exit(3); // unexpected: a crash restart
    h.loop.runUntilIdle();
    h.advance(Duration.ofSeconds(5));
    h.launcher.last().exit(0); // expected, autorestart=true: restarted, not a crash
    h.loop.runUntilIdle();
    h.advance(Duration.ofSeconds(5));
    h.supervisor.stop(X, true);
    h.loop.runUntilIdle();
    h.launcher.last().exit(0);
    h.loop.runUntilIdle();
    h.supervisor.start(X, false); // a start request
    h.loop.runUntilIdle();
    ProcessInfo info = h.info("x");
    assertThat(h.launcher.launches()).isEqualTo(4);
    assertThat(info.restarts()).isEqualTo(3);
    assertThat(info.crashRestarts()).isEqualTo(1);
    assertThat(info.startRequests()).isEqualTo(1);
  }

  @Test
  void restartCauses_retriesAfterFailedStarts_areNeitherCrashesNorRequests() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(2))).start();
    for (int attempt = 1; attempt <= 3; attempt++) {
      h.advance(Duration.ofMillis(500));
      h.launcher.last().exit(1);
      h.loop.runUntilIdle();
      h.advance(Duration.ofSeconds(attempt));
    }
    assertThat(h.state("x")).isEqualTo(FATAL);
    assertThat(h.info("x").crashRestarts()).isZero();
    assertThat(h.info("x").startRequests()).isZero();
    assertThat(h.info("x").restarts()).isEqualTo(2);
  }

  @Test
  void onExit_afterStartsecsUnexpected_entersExitedAndRestarts() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    h.advance(Duration.ofSeconds(5));
    h.launcher.last().exit(3);
    h.loop.runUntilIdle();
    assertThat(h.events.stateChanges()).containsExactly(
        change(STOPPED, STARTING, 0, 0), change(STARTING, RUNNING, 1000, 0),
        change(RUNNING, EXITED, 1000, 0), change(EXITED, STARTING, 0, 0));
    assertThat(h.log.important()).contains("WARN exited: x (exit status 3; not expected)");
    assertThat(h.launcher.launches()).isEqualTo(2);
    assertThat(h.info("x").restarts()).isEqualTo(1);
  }

  @Test
  void onExit_afterStartsecsExpected_staysExitedWithUnexpectedPolicy() {
    Harness h = new Harness(Harness.single(Harness.spec("x").exitcodes(java.util.Set.of(0, 2)))).start();
    h.advance(Duration.ofSeconds(5));
    h.launcher.last().exit(2);
    h.advance(Duration.ofSeconds(60));
    List<ProcessStateChanged> changes = h.events.stateChanges();
    assertThat(changes.get(changes.size() - 1)).isEqualTo(new ProcessStateChanged(X, RUNNING, EXITED, true, 1000, 0));
    assertThat(h.log.important()).contains("INFO exited: x (exit status 2; expected)");
    assertThat(h.launcher.launches()).isEqualTo(1);
    ProcessInfo info = h.info("x");
    assertThat(info.exitstatus()).isEqualTo(2);
    assertThat(info.stop()).isEqualTo(FakeTimeSource.WALL_START.getEpochSecond() + 5);
    assertThat(info.start()).isEqualTo(FakeTimeSource.WALL_START.getEpochSecond());
  }

  @Test
  void onExit_autorestartAlways_restartsAfterExpectedExit() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autorestart(RestartPolicy.ALWAYS))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().exit(0);
    h.loop.runUntilIdle();
    assertThat(h.events.transitions(X)).endsWith("RUNNING->EXITED", "EXITED->STARTING");
  }

  @Test
  void onExit_autorestartNever_staysExitedAfterUnexpectedExit() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autorestart(RestartPolicy.NEVER))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().exit(1);
    h.advance(Duration.ofSeconds(60));
    assertThat(h.state("x")).isEqualTo(EXITED);
    assertThat(h.info("x").spawnerr()).isEqualTo("Bad exit code 1");
  }

  @Test
  void onExit_signalDeath_reportsExitstatusMinusOneAndIsUnexpected() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autorestart(RestartPolicy.NEVER))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().killedBy(11);
    h.loop.runUntilIdle();
    assertThat(h.info("x").exitstatus()).isEqualTo(-1);
    assertThat(h.log.important()).contains("WARN exited: x (terminated by SIGSEGV; not expected)");
  }

  @Test
  void onExit_exitBeforeTimerAfterStartsecs_goesThroughRunningToExited() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autorestart(RestartPolicy.NEVER))).start();
    // The exit is processed in the same batch as the startsecs deadline, before the timer.
    h.time.advance(Duration.ofSeconds(1));
    h.launcher.last().exit(0);
    h.loop.runUntilIdle();
    assertThat(h.events.transitions(X)).containsExactly("STOPPED->STARTING", "STARTING->RUNNING", "RUNNING->EXITED");
  }

  @Test
  void restartpause_delaysAutorestart() {
    Harness h = new Harness(Harness.single(Harness.spec("x").restartpause(Duration.ofSeconds(5)))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().exit(1);
    h.advance(Duration.ofMillis(4999));
    assertThat(h.state("x")).isEqualTo(EXITED);
    h.advance(Duration.ofMillis(1));
    assertThat(h.state("x")).isEqualTo(STARTING);
  }

  @Test
  void startsecsZero_runningAtOnceAndRestartsForeverWithoutBackoff() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startsecs(Duration.ZERO).autorestart(RestartPolicy.ALWAYS))).start();
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.log.important()).contains(
        "INFO success: x entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)");
    for (int i = 0; i < 10; i++) {
      h.launcher.last().exit(1);
      h.loop.runUntilIdle();
    }
    assertThat(h.launcher.launches()).isEqualTo(11);
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.events.transitions(X)).doesNotContain("STARTING->BACKOFF");
  }

  @Test
  void spawnFailure_entersBackoffWithSpawnerr() {
    Harness h = new Harness(Harness.single(Harness.spec("x")));
    h.launcher.failSpawn("Too many processes in process table to spawn 'x'");
    h.start();
    assertThat(h.events.stateChanges()).containsExactly(change(STOPPED, STARTING, 0, 0), change(STARTING, BACKOFF, 0, 1));
    assertThat(h.info("x").spawnerr()).isEqualTo("Too many processes in process table to spawn 'x'");
    assertThat(h.log.important()).containsExactly("INFO spawnerr: Too many processes in process table to spawn 'x'");
    h.advance(Duration.ofSeconds(1));
    assertThat(h.state("x")).isEqualTo(STARTING);
  }

  @Test
  void spawn_atTheDescriptorReserve_failsAsEmfileWithoutOpeningLogs_endsFatal_thenStartsOnceFdsAreBack() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(1)));
    h.launcher.descriptorsToSpare(false);
    h.start();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.events.transitions(X)).containsExactly(
        "STOPPED->STARTING", "STARTING->BACKOFF", "BACKOFF->STARTING", "STARTING->BACKOFF", "BACKOFF->FATAL");
    assertThat(h.info("x").spawnerr()).isEqualTo("too many open files to spawn 'x'");
    assertThat(h.log.important()).contains("INFO spawnerr: too many open files to spawn 'x'");
    assertThat(h.launcher.launches()).isZero();

    h.launcher.descriptorsToSpare(true); // programs stopped elsewhere: descriptors are back
    h.supervisor.start(ProcessName.of("x"), false);
    h.advance(Duration.ofSeconds(2));
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.launcher.launches()).isEqualTo(1);
  }

  @Test
  void spawn_unresolvableCommand_backsOffWithSpawnerrAndEndsFatal() {
    Harness h = new Harness(Harness.single(Harness.spec("x").command("/nonexistent/x").startretries(1))).start();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.events.transitions(X)).containsExactly(
        "STOPPED->STARTING", "STARTING->BACKOFF", "BACKOFF->STARTING", "STARTING->BACKOFF", "BACKOFF->FATAL");
    assertThat(h.info("x").description()).isEqualTo("can't find command '/nonexistent/x'");
    assertThat(h.launcher.launches()).isZero();
  }

  @ParameterizedTest
  @MethodSource("startTimes")
  void stop_throughStopsignalsThenSigkill_escalatesEveryStopwaitsecs(long start) {
    Harness h = new Harness(start, Harness.single(Harness.spec("x").stopsignals(List.of(Signal.INT, Signal.QUIT))
        .stopwaitsecs(Duration.ofSeconds(10)).killasgroup(true))).start();
    h.advance(Duration.ofSeconds(2));
    FakeChild child = h.launcher.last();
    h.supervisor.stop(X, true);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(STOPPING);
    assertThat(child.signals()).containsExactly(new FakeChild.Sent(2, false));
    assertThat(h.log.important()).containsOnlyOnce("INFO waiting for x to stop");
    h.advance(Duration.ofMillis(1999));
    assertThat(h.log.important()).containsOnlyOnce("INFO waiting for x to stop");
    h.advance(Duration.ofMillis(1));
    assertThat(h.log.important().stream().filter(l -> l.equals("INFO waiting for x to stop"))).hasSize(2);
    h.advance(Duration.ofMillis(7999));
    assertThat(child.signals()).hasSize(1);
    h.advance(Duration.ofMillis(1));
    assertThat(child.signals()).containsExactly(new FakeChild.Sent(2, false), new FakeChild.Sent(3, false));
    h.advance(Duration.ofSeconds(10));
    assertThat(child.signals()).endsWith(new FakeChild.Sent(9, true));
    h.advance(Duration.ofSeconds(10));
    assertThat(child.signals()).containsExactly(new FakeChild.Sent(2, false), new FakeChild.Sent(3, false),
        new FakeChild.Sent(9, true), new FakeChild.Sent(9, true));
    child.killedBy(9);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(STOPPED);
    assertThat(h.log.important()).contains("WARN killing 'x' (1000) with SIGKILL", "WARN stopped: x (terminated by SIGKILL)",
        "INFO waiting for x to stop");
    long reports = h.log.important().stream().filter(l -> l.equals("INFO waiting for x to stop")).count();
    h.advance(Duration.ofSeconds(10));
    assertThat(h.log.important().stream().filter(l -> l.equals("INFO waiting for x to stop"))).hasSize((int) reports);
    assertThat(h.events.transitions(X)).endsWith("RUNNING->STOPPING", "STOPPING->STOPPED");
    h.advance(Duration.ofSeconds(60));
    assertThat(child.signals()).hasSize(4);
  }

  @Test
  void stop_stopasgroup_signalsTheGroupAndKillsTheGroup() {
    Harness h = new Harness(Harness.single(Harness.spec("x").stopasgroup(true).stopwaitsecs(Duration.ofSeconds(1)))).start();
    h.supervisor.stop(X, false);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.launcher.last().signals()).containsExactly(new FakeChild.Sent(15, true), new FakeChild.Sent(9, true));
  }

  @Test
  void stop_expectedExitOnTerm_logsInfo() {
    Harness h = new Harness(Harness.single(Harness.spec("x").exitcodes(java.util.Set.of(0)))).start();
    h.advance(Duration.ofSeconds(2));
    h.supervisor.stop(X, false);
    h.loop.runUntilIdle();
    h.launcher.last().exit(0);
    h.loop.runUntilIdle();
    assertThat(h.log.important()).contains("INFO stopped: x (exit status 0)");
    assertThat(h.info("x").exitstatus()).isZero();
  }

  @Test
  void stop_whileBackoff_goesStraightToStoppedAndKeepsTries() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    h.launcher.last().exit(1);
    h.loop.runUntilIdle();
    ProcessInfo info = h.done(h.supervisor.stop(X, true));
    assertThat(info.state()).isEqualTo(STOPPED);
    assertThat(h.events.stateChanges()).endsWith(change(STARTING, BACKOFF, 1000, 1), change(BACKOFF, STOPPED, 0, 1));
    h.advance(Duration.ofSeconds(10));
    assertThat(h.launcher.launches()).isEqualTo(1);
    h.done(h.supervisor.start(X, false));
    assertThat(h.events.stateChanges()).endsWith(change(STOPPED, STARTING, 0, 1));
  }

  @Test
  void stop_rightAfterSpawn_takesEffect() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    var started = h.supervisor.start(X, true);
    var stopped = h.supervisor.stop(X, true);
    h.loop.runUntilIdle();
    assertThat(h.launcher.last().signals()).containsExactly(new FakeChild.Sent(15, false));
    assertThat(h.failure(started).reason()).isEqualTo(ControlException.Reason.ABNORMAL_TERMINATION);
    assertThat(stopped).isNotDone();
    h.launcher.last().killedBy(15);
    assertThat(h.done(stopped).state()).isEqualTo(STOPPED);
    assertThat(h.events.transitions(X)).containsExactly("STOPPED->STARTING", "STARTING->STOPPING", "STOPPING->STOPPED");
    h.advance(Duration.ofSeconds(30));
    assertThat(h.state("x")).isEqualTo(STOPPED);
  }

  @Test
  void stop_whileAutorestartPending_cancelsTheRestart() {
    Harness h = new Harness(Harness.single(Harness.spec("x").restartpause(Duration.ofSeconds(5)))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().exit(1);
    h.loop.runUntilIdle();
    assertThat(h.done(h.supervisor.stop(X, false)).state()).isEqualTo(EXITED);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.launcher.launches()).isEqualTo(1);
  }

  @Test
  void signal_failure_entersUnknownAndFails() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().failSignals("Operation not permitted");
    ControlException e = h.failure(h.supervisor.signal(X, Signal.HUP));
    assertThat(e.reason()).isEqualTo(ControlException.Reason.FAILED);
    assertThat(e.detail()).isEqualTo("unknown problem sending sig x (1000):Operation not permitted");
    assertThat(h.state("x")).isEqualTo(UNKNOWN);
    assertThat(h.log.lines()).contains("CRIT unknown problem sending sig x (1000):Operation not permitted");
    assertThat(h.failure(h.supervisor.start(X, false)).detail()).isEqualTo("x is in an unknown process state");
  }

  @Test
  void stop_signalFailure_entersUnknownAndFails() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last().failSignals("Operation not permitted");
    ControlException e = h.failure(h.supervisor.stop(X, true));
    assertThat(e.reason()).isEqualTo(ControlException.Reason.FAILED);
    assertThat(h.events.transitions(X)).endsWith("RUNNING->STOPPING", "STOPPING->UNKNOWN");
  }

  @Test
  void signal_running_sendsToPidAndKeepsState() {
    Harness h = new Harness(Harness.single(Harness.spec("x").stopasgroup(true))).start();
    h.advance(Duration.ofSeconds(2));
    h.done(h.supervisor.signal(X, Signal.USR1));
    assertThat(h.launcher.last().signals()).containsExactly(new FakeChild.Sent(10, false));
    assertThat(h.state("x")).isEqualTo(RUNNING);
  }
}
