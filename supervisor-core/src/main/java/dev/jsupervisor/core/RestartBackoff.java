package dev.jsupervisor.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a program waits before the engine starts it again. {@link #LINEAR} is supervisord's:
 * 1, 2, 3 … s between start attempts (BACKOFF) and an autorestart at once (after
 * {@code restartpause}). {@code exponential} waits {@code initial × 2^(n-1)}, at most {@code max},
 * shortened by up to {@code jitter} (0..1) at random, for both the n-th start attempt and the n-th
 * autorestart in a row; the count of autorestarts starts over once the program stayed up for
 * {@code resetAfter}. Immutable.
 *
 * @param exponential false = supervisord's linear backoff (the other components are then unused)
 * @param initial the first delay
 * @param max the cap
 * @param jitter the fraction of a delay that may be taken off at random, 0 to 1
 * @param resetAfter uptime after which the autorestart count starts over
 */
public record RestartBackoff(boolean exponential, Duration initial, Duration max, double jitter, Duration resetAfter) {
  /** supervisord's: 1, 2, 3 … s in BACKOFF, autorestart at once. */
  public static final RestartBackoff LINEAR =
      new RestartBackoff(false, Duration.ofSeconds(1), Duration.ofSeconds(60), 0, Duration.ofSeconds(60));

  public RestartBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (initial.isNegative() || max.isNegative() || resetAfter.isNegative()) {
      throw new IllegalArgumentException("backoff durations must be >= 0");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1 but was " + jitter);
    }
  }

  /** Exponential backoff from {@code initial} up to {@code max}. */
  public static RestartBackoff exponential(Duration initial, Duration max, double jitter, Duration resetAfter) {
    return new RestartBackoff(true, initial, max, jitter, resetAfter);
  }

  /** The wait before the {@code attempt}-th start attempt after a failed start (1-based). */
  Duration beforeRetry(int attempt, RandomGenerator random) {
    return exponential ? grown(attempt, random) : Duration.ofSeconds(attempt);
  }

  /** The wait before the {@code restart}-th autorestart in a row (1-based), before restartpause. */
  Duration beforeAutorestart(int restart, RandomGenerator random) {
    return exponential ? grown(restart, random) : Duration.ZERO;
  }

  private Duration grown(int n, RandomGenerator random) {
    long base = initial.toNanos();
    long cap = max.toNanos();
    long d = base;
    for (int i = 1; i < n && d < cap; i++) {
      d = d > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : d * 2;
    }
    d = Math.min(d, cap);
    if (jitter > 0) {
      d -= (long) (d * jitter * random.nextDouble());
    }
    return Duration.ofNanos(d);
  }
}
