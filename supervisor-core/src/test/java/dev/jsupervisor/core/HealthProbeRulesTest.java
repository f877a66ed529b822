package dev.jsupervisor.core;

import static dev.jsupervisor.core.ProcessState.BACKOFF;
import static dev.jsupervisor.core.ProcessState.RUNNING;
import static dev.jsupervisor.core.ProcessState.STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Readiness and liveness probes on fake time: thresholds, timeouts, gating RUNNING, restarts. */
final class HealthProbeRulesTest {
  private static final Duration S = Duration.ofSeconds(1);
  private final FakeProbeTransport net = new FakeProbeTransport();

  private static ProbeSpec probe(ProbeSpec.Check check, int successes, int failures) {
    return new ProbeSpec(check, Duration.ZERO, Duration.ofSeconds(2), S, successes, failures);
  }

  private Harness harness(ProcessSpec.Builder spec) {
    return new Harness(0, b -> b.probes(net), Harness.single(spec)).start();
  }

  private static ProcessSpec.Builder withReadiness(ProbeSpec p) {
    return Harness.spec("x").health(HealthSpec.NONE.withReadiness(p));
  }

  private static FakeChild probeChild(Harness h) {
    return h.launcher.last("x readiness probe");
  }

  @Test
  void commandReadiness_gatesRunningInsteadOfStartsecs() {
    Harness h = harness(withReadiness(probe(new ProbeSpec.Command("check-db"), 1, 3)));
    FakeChild first = probeChild(h);
    assertThat(first.request().argv()).containsExactly("/bin/sh", "-c", "check-db");
    first.exit(1);
    h.advance(Duration.ofSeconds(1)); // startsecs passes: still not ready
    assertThat(h.state("x")).isEqualTo(STARTING);
    assertThat(h.info("x").description()).isEqualTo("not ready: command 'check-db': exit status 1");
    h.advance(Duration.ofSeconds(1)); // the next attempt, one period after the first
    FakeChild second = probeChild(h);
    assertThat(second).isNotSameAs(first);
    second.exit(0);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.info("x").description()).endsWith(", healthy");
    assertThat(h.log.important()).contains(
        "INFO success: x entered RUNNING state, readiness probe passed (command 'check-db')");
    h.advance(Duration.ofSeconds(30));
    assertThat(h.launcher.labels()).as("no probe after RUNNING without liveness")
        .containsExactly("x", "x readiness probe", "x readiness probe");
  }

  @Test
  void readiness_successThreshold_needsThatManyPassesInARow() {
    Harness h = harness(withReadiness(probe(new ProbeSpec.Tcp("127.0.0.1", 5432), 2, 3)));
    net.pass();
    h.advance(Duration.ofSeconds(2));
    net.fail("connection refused");
    h.advance(Duration.ofSeconds(2));
    net.pass();
    h.advance(Duration.ofSeconds(2));
    assertThat(h.state("x")).isEqualTo(STARTING);
    net.pass();
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(net.started()).isEqualTo(4);
  }

  @Test
  void readiness_failureThreshold_killsTheChildAndTheStartFailsIntoBackoff() {
    Harness h = harness(withReadiness(probe(new ProbeSpec.Tcp("db", 5432), 1, 2)).startretries(1));
    net.fail("connection refused");
    h.advance(Duration.ofSeconds(2));
    assertThat(h.launcher.last("x").signals()).isEmpty();
    net.fail("connection refused");
    h.loop.runUntilIdle();
    FakeChild child = h.launcher.last("x");
    assertThat(child.signals()).containsExactly(new FakeChild.Sent(9, false));
    assertThat(h.state("x")).isEqualTo(STARTING);
    child.killedBy(9);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(BACKOFF);
    assertThat(h.info("x").description()).isEqualTo("readiness probe failed: tcp db:5432: connection refused");
    assertThat(h.log.important()).contains("WARN x: readiness probe failed: tcp db:5432: connection refused; killing pid 1000");
  }

  @Test
  void readiness_attemptTimesOut_countsAsFailureAndIsCancelled() {
    Harness h = harness(withReadiness(probe(new ProbeSpec.Command("sleep 100"), 1, 1)));
    FakeChild probe = probeChild(h);
    h.advance(Duration.ofMillis(999));
    assertThat(probe.signals()).isEmpty();
    h.advance(Duration.ofMillis(1));
    assertThat(probe.signals()).containsExactly(new FakeChild.Sent(9, true));
    probe.killedBy(9); // its late exit is dropped
    h.launcher.last("x").killedBy(9);
    h.loop.runUntilIdle();
    assertThat(h.info("x").spawnerr()).isEqualTo("readiness probe failed: command 'sleep 100': timed out after 1s");
  }

  @Test
  void readiness_exitBeforeReady_isAFailedStartEvenAfterStartsecs() {
    Harness h = harness(withReadiness(probe(new ProbeSpec.Tcp("h", 1), 1, 3)));
    h.advance(Duration.ofMillis(1500)); // past startsecs, one timed-out attempt of three
    h.launcher.last("x").exit(0);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(BACKOFF);
    assertThat(h.info("x").spawnerr()).isEqualTo(SupervisedProcess.TOO_QUICKLY);
  }

  @Test
  void outputReadiness_aMatchingLinePassesAtOnce_noMatchFailsAfterThresholdPeriods() {
    ProbeSpec p = probe(new ProbeSpec.Output(Pattern.compile("ready to accept")), 1, 3);
    Harness h = harness(withReadiness(p));
    h.advance(Duration.ofSeconds(3));
    h.launcher.last("x").emitStdout("starting\nready to acc");
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(STARTING);
    h.launcher.last("x").emitStdout("ept connections\n");
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(RUNNING);

    Harness never = harness(withReadiness(p).startretries(0));
    never.advance(Duration.ofSeconds(4));
    assertThat(never.launcher.last("x").signals()).containsExactly(new FakeChild.Sent(9, false));
  }

  @Test
  void liveness_failingThresholdTimes_restartsTheProgramWithTheCauseShown() {
    ProbeSpec live = new ProbeSpec(new ProbeSpec.Http("127.0.0.1", 8080, "/health", 200, 399, Optional.empty()),
        Duration.ofSeconds(5), Duration.ofSeconds(2), S, 1, 2);
    Harness h = harness(Harness.spec("x").health(HealthSpec.NONE.withLiveness(live)));
    h.advance(Duration.ofSeconds(1));
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.info("x").health()).isEqualTo("health unknown");
    h.advance(Duration.ofSeconds(4));
    assertThat(net.started()).as("no attempt before the initial delay").isZero();
    h.advance(Duration.ofSeconds(1));
    net.pass();
    h.loop.runUntilIdle();
    assertThat(h.info("x").health()).isEqualTo("healthy");
    h.advance(Duration.ofSeconds(2));
    net.fail("HTTP status 503");
    h.loop.runUntilIdle();
    assertThat(h.info("x").description()).endsWith(", liveness failing (1/2): http://127.0.0.1:8080/health: HTTP status 503");
    h.advance(Duration.ofSeconds(2));
    net.fail("HTTP status 503");
    h.loop.runUntilIdle();
    FakeChild first = h.launcher.last("x");
    assertThat(first.signals()).containsExactly(new FakeChild.Sent(15, false));
    assertThat(h.log.important()).contains(
        "WARN liveness probe failed for x: http://127.0.0.1:8080/health: HTTP status 503; restarting it");
    first.killedBy(15);
    h.loop.runUntilIdle();
    assertThat(h.launcher.launches()).isEqualTo(2);
    h.advance(Duration.ofSeconds(1));
    ProcessInfo info = h.info("x");
    assertThat(info.state()).isEqualTo(RUNNING);
    assertThat(info.livenessRestarts()).isEqualTo(1);
    assertThat(info.health()).isEqualTo("restarted after liveness probe failed: http://127.0.0.1:8080/health: HTTP status 503");
    assertThat(h.events.transitions(ProcessName.of("x"))).containsExactly("STOPPED->STARTING", "STARTING->RUNNING",
        "RUNNING->STOPPING", "STOPPING->STOPPED", "STOPPED->STARTING", "STARTING->RUNNING");
    SupervisorEvent.LivenessFailed failed = new SupervisorEvent.LivenessFailed(ProcessName.of("x"), 1000,
        "http://127.0.0.1:8080/health: HTTP status 503", 1);
    List<SupervisorEvent> events = h.events.events();
    assertThat(events).as("one event, on the engine's stream, just before the restart's STOPPING")
        .containsOnlyOnce(failed);
    assertThat(events.get(events.indexOf(failed) + 1)).isInstanceOfSatisfying(SupervisorEvent.ProcessStateChanged.class,
        c -> assertThat(c.to()).isEqualTo(ProcessState.STOPPING));
    assertThat(EventNotification.of(failed)).as("event-listener pools only get supervisord's types").isEmpty();
  }

  @Test
  void liveness_stopRequestWhileRestarting_keepsItStopped() {
    ProbeSpec live = probe(new ProbeSpec.Tcp("h", 1), 1, 1);
    Harness h = harness(Harness.spec("x").startsecs(Duration.ZERO).health(HealthSpec.NONE.withLiveness(live)));
    net.fail("refused");
    h.loop.runUntilIdle();
    h.supervisor.stop(ProcessName.of("x"), false);
    h.launcher.last("x").killedBy(15);
    h.advance(Duration.ofSeconds(10));
    assertThat(h.launcher.launches()).isEqualTo(1);
    assertThat(h.state("x")).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void noHealthSpec_descriptionIsSupervisordsByteForByte() {
    Harness h = harness(Harness.spec("x"));
    h.advance(Duration.ofSeconds(1));
    assertThat(h.info("x").description()).isEqualTo("pid 1000, uptime 0:00:01");
    assertThat(h.info("x").health()).isEmpty();
  }
}
