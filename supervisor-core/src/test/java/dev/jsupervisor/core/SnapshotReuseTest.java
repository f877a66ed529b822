package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Supervisor.snapshot() hands out one copy per second while nothing changes, and a fresh one otherwise. */
final class SnapshotReuseTest {
  private static final ProcessName X = ProcessName.of("x");

  @Test
  void snapshot_nothingChangedWithinTheSecond_isTheSameCopy() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    SupervisorSnapshot first = h.supervisor.snapshot();
    assertThat(h.supervisor.snapshot()).isSameAs(first);
    h.time.advance(Duration.ofMillis(400));
    assertThat(h.supervisor.snapshot()).isSameAs(first);
  }

  @Test
  void snapshot_aSecondLater_isRestampedWithTheNewNow() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false))).start();
    SupervisorSnapshot first = h.supervisor.snapshot();
    h.time.advance(Duration.ofSeconds(1));
    SupervisorSnapshot later = h.supervisor.snapshot();
    assertThat(later).isNotSameAs(first);
    assertThat(later.process(X).orElseThrow().now()).isEqualTo(first.process(X).orElseThrow().now() + 1);
    assertThat(h.supervisor.snapshot()).isSameAs(later);
  }

  @Test
  void snapshot_afterAChangeWithinTheSecond_showsTheChange() {
    Harness h = new Harness(Harness.single(Harness.spec("x").autostart(false).startsecs(Duration.ZERO))).start();
    SupervisorSnapshot before = h.supervisor.snapshot();
    assertThat(before.process(X).orElseThrow().state()).isEqualTo(ProcessState.STOPPED);
    h.done(h.supervisor.start(X, false));
    SupervisorSnapshot after = h.supervisor.snapshot();
    assertThat(after.process(X).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
    assertThat(after.process(X).orElseThrow().now()).isEqualTo(before.process(X).orElseThrow().now());
  }
}
