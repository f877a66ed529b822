package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Supervisor#awaitState}: waiting for a state without polling, on fake time. */
final class AwaitStateTest {
  private static final ProcessName X = ProcessName.of("x");

  @Test
  void alreadyInState_completesAtOnce() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    assertThat(h.done(h.supervisor.awaitState(X, ProcessState.STOPPED)).state()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void running_completesAfterStartsecsWithThePid() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    var f = h.supervisor.awaitState(X, ProcessState.RUNNING);
    h.loop.runUntilIdle();
    assertThat(f).isNotDone();
    h.advance(Duration.ofMillis(999));
    assertThat(f).isNotDone();
    h.advance(Duration.ofMillis(1));
    ProcessInfo info = h.done(f);
    assertThat(info.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(info.pid()).isEqualTo(h.launcher.last().pid());
    assertThat(h.state("x")).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void anyOfSeveral_exitShowsPidZeroAndStatus() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autorestart(RestartPolicy.NEVER))).start();
    h.advance(Duration.ofSeconds(1));
    var f = h.supervisor.awaitState(X, ProcessState.EXITED, ProcessState.FATAL);
    h.launcher.last().exit(3);
    ProcessInfo info = h.done(f);
    assertThat(List.of(info.state(), info.pid(), info.exitstatus())).containsExactly(ProcessState.EXITED, 0, 3);
  }

  @Test
  void unknownName_badName() {
    Harness h = new Harness().start();
    assertThat(h.failure(h.supervisor.awaitState(X, ProcessState.RUNNING))).hasMessage("BAD_NAME: x");
  }

  @Test
  void groupRemovedWhileWaiting_badName() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    var f = h.supervisor.awaitState(X, ProcessState.RUNNING);
    h.done(h.supervisor.removeGroup("x"));
    assertThat(h.failure(f)).hasMessage("BAD_NAME: x");
  }

  @Test
  void supervisorTerminatesWhileWaiting_shutdownState() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    var f = h.supervisor.awaitState(X, ProcessState.RUNNING);
    h.done(h.supervisor.stopAsync());
    assertThat(h.failure(f).reason()).isEqualTo(ControlException.Reason.SHUTDOWN_STATE);
  }
}
