package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Supervisor.startupSettled(): what the daemon's sd_notify READY=1 waits for. */
final class StartupSettledTest {

  @Test
  void settles_onceEveryAutostartProcessIsRunning_notBefore() {
    Harness h = new Harness(Harness.single(Harness.spec("a").startsecs(Duration.ofSeconds(1))),
        Harness.single(Harness.spec("b").startsecs(Duration.ofSeconds(3))),
        Harness.single(Harness.spec("manual").autostart(false))).start();
    assertThat(h.supervisor.startupSettled()).isNotDone();
    h.advanceSeconds(1.5);
    assertThat(h.state("a")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.supervisor.startupSettled()).isNotDone();
    h.advanceSeconds(2);
    assertThat(h.state("b")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.supervisor.startupSettled()).isDone();
    assertThat(h.state("manual")).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void crashLoop_settlesOnlyWhenItsRetriesAreExhaustedInFatal() {
    Harness h = new Harness(Harness.single(Harness.spec("crash").startretries(2))).start();
    for (int i = 0; i < 3; i++) {
      h.launcher.last().exit(1);
      h.loop.runUntilIdle();
      assertThat(h.state("crash")).isIn(ProcessState.BACKOFF, ProcessState.FATAL);
      if (h.state("crash") == ProcessState.BACKOFF) {
        assertThat(h.supervisor.startupSettled()).as("BACKOFF with retries left").isNotDone();
        h.advanceSeconds(i + 1.1);
      }
    }
    assertThat(h.state("crash")).isEqualTo(ProcessState.FATAL);
    assertThat(h.supervisor.startupSettled()).isDone();
  }

  @Test
  void dependentHeldBack_settlesAfterItToo() {
    Harness h = new Harness(Harness.single(Harness.spec("db").startsecs(Duration.ofSeconds(2))),
        Harness.single(Harness.spec("web").startsecs(Duration.ofSeconds(1)).dependsOn(List.of("db")))).start();
    h.advanceSeconds(2.5);
    assertThat(h.state("db")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.state("web")).isEqualTo(ProcessState.STARTING);
    assertThat(h.supervisor.startupSettled()).isNotDone();
    h.advanceSeconds(1.5);
    assertThat(h.state("web")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.supervisor.startupSettled()).isDone();
  }

  @Test
  void nothingToAutostart_settlesAtOnce() {
    Harness h = new Harness(Harness.single(Harness.spec("manual").autostart(false))).start();
    assertThat(h.supervisor.startupSettled()).isDone();
  }

  @Test
  void shutdownDuringStartup_settlesToo() {
    Harness h = new Harness(Harness.single(Harness.spec("slow").startsecs(Duration.ofSeconds(60)))).start();
    h.supervisor.stopAsync();
    h.loop.runUntilIdle();
    assertThat(h.supervisor.startupSettled()).isDone();
  }
}
