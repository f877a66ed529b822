package dev.jsupervisor.core;

import static dev.jsupervisor.core.ProcessState.FATAL;
import static dev.jsupervisor.core.ProcessState.RUNNING;
import static dev.jsupervisor.core.ProcessState.STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Restart backoff, restart limit, FATAL cool-down, exit policy and depends_on conditions, on fake time. */
final class RestartAndExitPolicyTest {
  private static final ProcessName X = ProcessName.of("x");

  private static HealthSpec exponential(double jitter) {
    return HealthSpec.NONE.withBackoff(
        RestartBackoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10), jitter, Duration.ofSeconds(60)));
  }

  /** How long after each crash the next launch came, crashing {@code crashes} times after {@code uptime}. */
  private static List<Long> restartDelaysMillis(Harness h, int crashes, Duration uptime) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < crashes; i++) {
      h.advance(uptime);
      int before = h.launcher.launches();
      h.launcher.last("x").exit(1);
      h.loop.runUntilIdle();
      long waited = 0;
      while (h.launcher.launches() == before) {
        h.advance(Duration.ofMillis(1));
        waited++;
        assertThat(waited).as("restarted at all").isLessThan(120_000);
      }
      delays.add(waited);
    }
    return delays;
  }

  @Test
  void linearDefault_autorestartAtOnce_startRetriesOneTwoThree() {
    Harness h = new Harness(Harness.single(Harness.spec("x"))).start();
    assertThat(restartDelaysMillis(h, 3, Duration.ofSeconds(2))).containsExactly(0L, 0L, 0L);
    assertThat(RestartBackoff.LINEAR.beforeRetry(3, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void exponential_autorestartsDoubleUpToTheCap() {
    Harness h = new Harness(Harness.single(Harness.spec("x").health(exponential(0)))).start();
    assertThat(restartDelaysMillis(h, 6, Duration.ofSeconds(2)))
        .containsExactly(1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
  }

  @Test
  void exponential_resetsAfterTheProgramStayedUpForResetAfter() {
    Harness h = new Harness(Harness.single(Harness.spec("x").health(exponential(0)))).start();
    assertThat(restartDelaysMillis(h, 3, Duration.ofSeconds(2))).containsExactly(1000L, 2000L, 4000L);
    assertThat(restartDelaysMillis(h, 2, Duration.ofSeconds(61))).containsExactly(1000L, 1000L);
  }

  @Test
  void exponential_backoffRetriesGrowToo() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(5).health(exponential(0)))).start();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int before = h.launcher.launches();
      h.launcher.last("x").exit(1); // before startsecs: BACKOFF
      h.loop.runUntilIdle();
      long waited = 0;
      while (h.launcher.launches() == before) {
        h.advance(Duration.ofMillis(100));
        waited += 100;
      }
      delays.add(waited);
    }
    assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L);
  }

  @Test
  void jitter_seededRandom_isDeterministicAndWithinBounds_andSpreadsPrograms() {
    RestartBackoff b = RestartBackoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, Duration.ZERO);
    List<Duration> one = new ArrayList<>();
    List<Duration> again = new ArrayList<>();
    SplittableRandom r1 = new SplittableRandom(42);
    SplittableRandom r2 = new SplittableRandom(42);
    for (int n = 1; n <= 8; n++) {
      Duration d = b.beforeAutorestart(n, r1);
      long full = Math.min(30_000, 1000L << (n - 1));
      assertThat(d.toMillis()).isBetween(full / 2, full);
      one.add(d);
      again.add(b.beforeAutorestart(n, r2));
    }
    assertThat(one).isEqualTo(again);
    SplittableRandom shared = new SplittableRandom(7);
    List<Duration> firstDelays = new ArrayList<>();
    for (int program = 0; program < 20; program++) {
      firstDelays.add(b.beforeAutorestart(5, shared));
    }
    assertThat(firstDelays.stream().distinct().count()).as("20 programs do not retry in lockstep").isGreaterThan(15);

    RestartBackoff kept = RestartBackoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5,
        Duration.ofSeconds(60));
    Harness h = new Harness(0, c -> c.random(new SplittableRandom(42)),
        Harness.single(Harness.spec("x").health(HealthSpec.NONE.withBackoff(kept)))).start();
    List<Long> seen = restartDelaysMillis(h, 3, Duration.ofSeconds(2));
    SplittableRandom expected = new SplittableRandom(42);
    List<Long> want = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      want.add((kept.beforeAutorestart(n, expected).toNanos() + 999_999) / 1_000_000); // whole ms ticks
    }
    assertThat(seen).isEqualTo(want);
  }

  @Test
  void restartLimit_burstExceededWithinInterval_goesFatal() {
    HealthSpec health = HealthSpec.NONE.withRestartLimit(new HealthSpec.RestartLimit(2, Duration.ofSeconds(60)));
    Harness h = new Harness(Harness.single(Harness.spec("x").health(health))).start();
    assertThat(restartDelaysMillis(h, 2, Duration.ofSeconds(2))).hasSize(2);
    h.advance(Duration.ofSeconds(2));
    h.launcher.last("x").exit(1);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(FATAL);
    assertThat(h.info("x").description()).isEqualTo("restarted too often: 2 restarts within 60s (restart_limit)");
    assertThat(h.events.transitions(X)).endsWith("RUNNING->EXITED", "EXITED->FATAL");
    h.advance(Duration.ofMinutes(5));
    assertThat(h.launcher.launches()).isEqualTo(3);
  }

  @Test
  void restartLimit_restartsSpreadOverMoreThanTheInterval_areAllowed() {
    HealthSpec health = HealthSpec.NONE.withRestartLimit(new HealthSpec.RestartLimit(2, Duration.ofSeconds(10)));
    Harness h = new Harness(Harness.single(Harness.spec("x").health(health))).start();
    assertThat(restartDelaysMillis(h, 5, Duration.ofSeconds(6))).containsExactly(0L, 0L, 0L, 0L, 0L);
    assertThat(h.state("x")).isEqualTo(STARTING);
  }

  @Test
  void fatalRetryAfter_startsAFatalProgramAgainAfterTheCoolDown() {
    HealthSpec health = HealthSpec.NONE.withFatalRetryAfter(Duration.ofMinutes(10));
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(0).health(health))).start();
    h.launcher.last("x").exit(1);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(FATAL);
    h.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(h.launcher.launches()).isEqualTo(1);
    h.advance(Duration.ofMillis(1));
    assertThat(h.launcher.launches()).isEqualTo(2);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.state("x")).isEqualTo(RUNNING);
    assertThat(h.log.important()).contains("INFO retrying x after 600s in FATAL state (fatal_retry_after)");
  }

  @Test
  void fatalRetryAfter_stopRequestCancelsIt() {
    HealthSpec health = HealthSpec.NONE.withFatalRetryAfter(Duration.ofSeconds(30));
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(0).health(health))).start();
    h.launcher.last("x").exit(1);
    h.loop.runUntilIdle();
    h.done(h.supervisor.stop(X, false));
    h.advance(Duration.ofMinutes(1));
    assertThat(h.launcher.launches()).isEqualTo(1);
  }

  private static HealthSpec exitOn(HealthSpec.ExitWhen when, OptionalInt code) {
    return HealthSpec.NONE.withExitPolicy(new HealthSpec.ExitPolicy(when, code));
  }

  @Test
  void exitPolicyAny_jobExitCodeBecomesTheExitRequest_andEverythingStops() {
    Harness h = new Harness(Harness.single(Harness.spec("job").startsecs(Duration.ZERO)
        .health(exitOn(HealthSpec.ExitWhen.ANY, OptionalInt.empty()))),
        Harness.single(Harness.spec("web"))).start();
    h.launcher.last("job").exit(3);
    h.loop.runUntilIdle();
    assertThat(h.supervisor.exitRequest()).isCompletedWithValueMatching(r -> r.exitCode() == 3);
    assertThat(h.log.important()).contains("WARN exit policy: job exited (exit status 3); "
        + "shutting down, exit status 3 (exit_daemon_on=any)");
    assertThat(h.launcher.last("web").signals()).containsExactly(new FakeChild.Sent(15, false));
    h.launcher.last("web").killedBy(15);
    h.loop.runUntilIdle();
    assertThat(h.launcher.launches()).as("the job is not restarted").isEqualTo(2);
    assertThat(h.supervisor.snapshot().state()).isEqualTo(SupervisorState.SHUTDOWN);
  }

  @Test
  void exitPolicyUnexpected_expectedExitDoesNotEndTheDaemon_signalDeathGives128PlusSignal() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startsecs(Duration.ZERO)
        .health(exitOn(HealthSpec.ExitWhen.UNEXPECTED, OptionalInt.empty())))).start();
    h.launcher.last("x").exit(0);
    h.loop.runUntilIdle();
    assertThat(h.supervisor.exitRequest()).isNotDone();
    h.done(h.supervisor.start(X, false));
    h.launcher.last("x").killedBy(9);
    h.loop.runUntilIdle();
    assertThat(h.supervisor.exitRequest()).isCompletedWithValueMatching(r -> r.exitCode() == 137);
  }

  @Test
  void exitPolicyFatal_usesTheConfiguredCode() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(0)
        .health(exitOn(HealthSpec.ExitWhen.FATAL, OptionalInt.of(42))))).start();
    h.advance(Duration.ofSeconds(2));
    h.launcher.last("x").exit(1); // unexpected, but only FATAL counts
    h.loop.runUntilIdle();
    assertThat(h.supervisor.exitRequest()).isNotDone();
    h.launcher.last("x").exit(1); // the autorestart fails at once: FATAL
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(FATAL);
    assertThat(h.supervisor.exitRequest()).isCompletedWithValueMatching(r -> r.exitCode() == 42
        && r.reason().startsWith("x entered FATAL state"));
  }

  @Test
  void stopRequest_neverTriggersTheExitPolicy() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startsecs(Duration.ZERO)
        .health(exitOn(HealthSpec.ExitWhen.ANY, OptionalInt.empty())))).start();
    h.supervisor.stop(X, false);
    h.launcher.last("x").killedBy(15);
    h.loop.runUntilIdle();
    assertThat(h.supervisor.exitRequest()).isNotDone();
  }

  @Test
  void dependsOnCompletedSuccessfully_webWaitsForTheMigrationToExitZero() {
    ProcessSpec.Builder web = Harness.spec("web").dependsOn(List.of("migrate")).health(HealthSpec.NONE
        .withDependsOnConditions(Map.of("migrate", HealthSpec.DependsCondition.COMPLETED_SUCCESSFULLY)));
    Harness h = new Harness(Harness.single(Harness.spec("migrate").startsecs(Duration.ZERO)),
        Harness.single(web)).start();
    h.advance(Duration.ofSeconds(5));
    assertThat(h.launcher.labels()).containsExactly("migrate");
    h.launcher.last("migrate").exit(1); // unexpected: autorestart, web keeps waiting
    h.loop.runUntilIdle();
    assertThat(h.launcher.labels()).containsExactly("migrate", "migrate");
    h.launcher.last("migrate").exit(0);
    h.loop.runUntilIdle();
    assertThat(h.launcher.labels()).containsExactly("migrate", "migrate", "web");
  }

  @Test
  void dependsOnCompletedSuccessfully_jobThatGaveUp_closesTheGate() {
    ProcessSpec.Builder web = Harness.spec("web").dependsOn(List.of("migrate")).health(HealthSpec.NONE
        .withDependsOnConditions(Map.of("migrate", HealthSpec.DependsCondition.COMPLETED_SUCCESSFULLY)));
    Harness h = new Harness(Harness.single(Harness.spec("migrate").startretries(0)), Harness.single(web)).start();
    h.launcher.last("migrate").exit(1);
    h.loop.runUntilIdle();
    assertThat(h.launcher.labels()).containsExactly("migrate");
    assertThat(h.log.important()).contains("WARN not starting web: web: dependency 'migrate' is not running");
  }

  @Test
  void dependsOnStarted_opensAsSoonAsTheDependencyIsSpawned() {
    ProcessSpec.Builder web = Harness.spec("web").dependsOn(List.of("db")).health(HealthSpec.NONE
        .withDependsOnConditions(Map.of("db", HealthSpec.DependsCondition.STARTED)));
    Harness h = new Harness(Harness.single(Harness.spec("db").startsecs(Duration.ofSeconds(30))),
        Harness.single(web)).start();
    assertThat(h.launcher.labels()).containsExactly("db", "web");
  }

  @Test
  void dependsOnHealthy_waitsForTheLivenessProbeToPass() {
    FakeProbeTransport net = new FakeProbeTransport();
    ProbeSpec live = new ProbeSpec(new ProbeSpec.Tcp("db", 5432), Duration.ZERO, Duration.ofSeconds(5),
        Duration.ofSeconds(1), 1, 3);
    ProcessSpec.Builder web = Harness.spec("web").dependsOn(List.of("db")).health(HealthSpec.NONE
        .withDependsOnConditions(Map.of("db", HealthSpec.DependsCondition.HEALTHY)));
    Harness h = new Harness(0, b -> b.probes(net),
        Harness.single(Harness.spec("db").health(HealthSpec.NONE.withLiveness(live))), Harness.single(web)).start();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.state("db")).isEqualTo(RUNNING);
    assertThat(h.launcher.labels()).containsExactly("db");
    net.fail("refused");
    h.advance(Duration.ofSeconds(5));
    assertThat(h.launcher.labels()).containsExactly("db");
    net.pass();
    h.loop.runUntilIdle();
    assertThat(h.launcher.labels()).containsExactly("db", "web");
  }
}
