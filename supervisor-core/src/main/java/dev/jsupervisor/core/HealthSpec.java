package dev.jsupervisor.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A program's opt-in health and restart rules beyond supervisord's: probes, the restart backoff,
 * a restart rate limit, a cool-down out of FATAL, what the daemon does when the program ends, and
 * conditions on its {@code depends_on}. {@link #NONE} is supervisord's behaviour. Immutable.
 *
 * @param readiness gates RUNNING instead of startsecs; the start fails (BACKOFF) when it fails
 * @param liveness while RUNNING; failing restarts the program
 * @param backoff waits between automatic starts
 * @param restartLimit at most {@code burst} automatic restarts within {@code interval}, then FATAL
 * @param fatalRetryAfter a FATAL program is started again after this long; zero = never (supervisord)
 * @param exitPolicy when the program's end ends the daemon
 * @param dependsOnConditions per program named in {@code depends_on}: what "ready" means (default RUNNING)
 */
public record HealthSpec(
    Optional<ProbeSpec> readiness,
    Optional<ProbeSpec> liveness,
    RestartBackoff backoff,
    RestartLimit restartLimit,
    Duration fatalRetryAfter,
    ExitPolicy exitPolicy,
    Map<String, DependsCondition> dependsOnConditions) {

  /** supervisord's behaviour: no probes, linear backoff, no limit, no cool-down, the daemon keeps running. */
  public static final HealthSpec NONE = new HealthSpec(Optional.empty(), Optional.empty(), RestartBackoff.LINEAR,
      RestartLimit.NONE, Duration.ZERO, ExitPolicy.NONE, Map.of());

  /** At most {@code burst} automatic restarts within {@code interval}; burst 0 = no limit. */
  public record RestartLimit(int burst, Duration interval) {
    public static final RestartLimit NONE = new RestartLimit(0, Duration.ZERO);

    public RestartLimit {
      Objects.requireNonNull(interval, "interval");
      if (burst < 0 || interval.isNegative()) {
        throw new IllegalArgumentException("restart limit must be >= 0 but was " + burst + " in " + interval);
      }
    }
  }

  /** When the daemon shuts down because this program ended. */
  public enum ExitWhen {
    /** Never (supervisord). */
    NEVER,
    /** When the program goes FATAL. */
    FATAL,
    /** When it exits with an unexpected status (not in exitcodes), or goes FATAL. */
    UNEXPECTED,
    /** When it exits by itself at all, or goes FATAL (a job container). */
    ANY
  }

  /**
   * The daemon's exit when this program ends.
   *
   * @param when which ends count
   * @param exitCode the daemon's exit status; empty = the program's (128 + signal after a signal, 1 for FATAL)
   */
  public record ExitPolicy(ExitWhen when, OptionalInt exitCode) {
    public static final ExitPolicy NONE = new ExitPolicy(ExitWhen.NEVER, OptionalInt.empty());

    public ExitPolicy {
      Objects.requireNonNull(when, "when");
      Objects.requireNonNull(exitCode, "exitCode");
    }
  }

  /** What a dependent waits for (process-compose's conditions). */
  public enum DependsCondition {
    /** The dependency has been spawned (STARTING or later). */
    STARTED,
    /** RUNNING (today's and the seed's behaviour). */
    RUNNING,
    /** RUNNING and its readiness probe passed (same as RUNNING without a probe); liveness, if any, not failing. */
    HEALTHY,
    /** Exited by itself with an expected exit code (a one-shot job). */
    COMPLETED_SUCCESSFULLY
  }

  public HealthSpec {
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(liveness, "liveness");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(restartLimit, "restartLimit");
    Objects.requireNonNull(fatalRetryAfter, "fatalRetryAfter");
    Objects.requireNonNull(exitPolicy, "exitPolicy");
    dependsOnConditions = Map.copyOf(dependsOnConditions);
    if (fatalRetryAfter.isNegative()) {
      throw new IllegalArgumentException("fatalRetryAfter must be >= 0 but was " + fatalRetryAfter);
    }
    liveness.ifPresent(p -> {
      if (p.check() instanceof ProbeSpec.Output || p.check() instanceof ProbeSpec.Notify) {
        throw new IllegalArgumentException("an output or notify probe can only be a readiness probe");
      }
    });
  }

  /** The condition for dependency {@code program} (RUNNING unless configured). */
  public DependsCondition conditionFor(String program) {
    return dependsOnConditions.getOrDefault(program, DependsCondition.RUNNING);
  }

  public HealthSpec withReadiness(ProbeSpec p) {
    return new HealthSpec(Optional.of(p), liveness, backoff, restartLimit, fatalRetryAfter, exitPolicy, dependsOnConditions);
  }

  public HealthSpec withLiveness(ProbeSpec p) {
    return new HealthSpec(readiness, Optional.of(p), backoff, restartLimit, fatalRetryAfter, exitPolicy, dependsOnConditions);
  }

  public HealthSpec withBackoff(RestartBackoff b) {
    return new HealthSpec(readiness, liveness, b, restartLimit, fatalRetryAfter, exitPolicy, dependsOnConditions);
  }

  public HealthSpec withRestartLimit(RestartLimit l) {
    return new HealthSpec(readiness, liveness, backoff, l, fatalRetryAfter, exitPolicy, dependsOnConditions);
  }

  public HealthSpec withFatalRetryAfter(Duration d) {
    return new HealthSpec(readiness, liveness, backoff, restartLimit, d, exitPolicy, dependsOnConditions);
  }

  public HealthSpec withExitPolicy(ExitPolicy e) {
    return new HealthSpec(readiness, liveness, backoff, restartLimit, fatalRetryAfter, e, dependsOnConditions);
  }

  public HealthSpec withDependsOnConditions(Map<String, DependsCondition> c) {
    return new HealthSpec(readiness, liveness, backoff, restartLimit, fatalRetryAfter, exitPolicy, c);
  }
}
