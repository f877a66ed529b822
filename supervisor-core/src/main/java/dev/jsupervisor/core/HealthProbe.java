package dev.jsupervisor.core;

import java.util.Map;

/**
 * One probe of one spawn: after the initial delay it runs an attempt every period (an attempt
 * failing after the timeout), counts passes and failures in a row and tells its {@link Verdicts}
 * when the verdict changes: passed after {@code successThreshold} passes, failed after
 * {@code failureThreshold} failures. An output or notify probe's attempt is "has a matching line
 * (or {@code READY=1}) been seen"; one is judged at once. Loop thread only; a stopped probe never
 * reports again.
 */
final class HealthProbe {
  /** Told on the loop thread when the verdict changes. */
  interface Verdicts {
    void passed(HealthProbe probe);

    void failed(HealthProbe probe, String cause);

    /** After every attempt's verdict (the counts changed). */
    void attempted(HealthProbe probe);
  }

  enum Status { UNKNOWN, PASSING, FAILING }

  private final String what;
  private final ProbeSpec spec;
  private final ProbeAttempts attempts;
  private final Map<String, String> environment;
  private final SupervisorLoop loop;
  private final Verdicts verdicts;
  private SupervisorLoop.Timer timer;
  private ProbeTransport.Attempt attempt;
  private long attemptStarted;
  private boolean stopped;
  private boolean signalled;
  private int passes;
  private int failures;
  private Status status = Status.UNKNOWN;
  private String lastFailure = "";

  HealthProbe(String what, ProbeSpec spec, ProbeAttempts attempts, Map<String, String> environment,
      SupervisorLoop loop, Verdicts verdicts) {
    this.what = what;
    this.spec = spec;
    this.attempts = attempts;
    this.environment = environment;
    this.loop = loop;
    this.verdicts = verdicts;
  }

  /** {@code readiness} or {@code liveness}. */
  String what() {
    return what;
  }

  ProbeSpec spec() {
    return spec;
  }

  Status status() {
    return status;
  }

  /** The last failed attempt's cause, or {@code ""}. */
  String lastFailure() {
    return lastFailure;
  }

  int consecutiveFailures() {
    return failures;
  }

  /** Schedules the first attempt after the initial delay. */
  void begin() {
    timer = loop.schedule(spec.initialDelay(), this::attempt);
  }

  /**
   * An output probe saw a matching line, or a notify probe's program sent {@code READY=1}: passes at
   * once (before the initial delay is over: at its end).
   */
  void signalled() {
    if (stopped || signalled) {
      return;
    }
    signalled = true;
    if (passes + failures > 0) { // past the initial delay: judge now rather than at the next period
      cancelTimer();
      attempt();
    }
  }

  /** No more attempts or reports. */
  void stop() {
    stopped = true;
    cancelTimer();
    if (attempt != null) {
      attempt.cancel();
      attempt = null;
    }
  }

  private void attempt() {
    timer = null;
    if (stopped) {
      return;
    }
    attemptStarted = loop.time().nanoTime();
    if (spec.check() instanceof ProbeSpec.Output o) {
      judged(signalled ? null : "no line matched /" + o.regex().pattern() + "/ yet");
      return;
    }
    if (spec.check() instanceof ProbeSpec.Notify) {
      judged(signalled ? null : "no READY=1 received yet");
      return;
    }
    ProbeTransport.Attempt[] self = new ProbeTransport.Attempt[1];
    self[0] = attempts.start(what, spec.check(), environment, result -> {
      if (attempt == self[0]) {
        attemptDone(result);
      }
    });
    attempt = self[0];
    timer = loop.schedule(spec.timeout(), this::timedOut);
  }

  private void timedOut() {
    timer = null;
    if (attempt != null) {
      attempt.cancel();
      attempt = null;
      judged("timed out after " + SupervisedProcess.seconds(spec.timeout()) + "s");
    }
  }

  private void attemptDone(String result) {
    attempt = null;
    cancelTimer();
    judged(result);
  }

  private void judged(String failure) {
    if (stopped) {
      return;
    }
    if (failure == null) {
      failures = 0;
      passes++;
      if (status != Status.PASSING && passes >= spec.successThreshold()) {
        status = Status.PASSING;
        verdicts.passed(this);
      }
    } else {
      passes = 0;
      failures++;
      lastFailure = spec.check().describe() + ": " + failure;
      if (status != Status.FAILING && failures >= spec.failureThreshold()) {
        status = Status.FAILING;
        verdicts.failed(this, lastFailure);
      }
    }
    if (!stopped) {
      verdicts.attempted(this);
    }
    if (!stopped && timer == null) {
      long elapsed = loop.time().nanoTime() - attemptStarted;
      timer = loop.schedule(spec.period().minusNanos(Math.min(elapsed, spec.period().toNanos())), this::attempt);
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
