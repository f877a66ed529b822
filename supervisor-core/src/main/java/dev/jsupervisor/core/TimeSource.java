package dev.jsupervisor.core;

import java.time.Instant;

/**
 * The supervisor's clocks, injected so tests can run time-dependent rules (startsecs, backoff,
 * stopwaitsecs) on fake time. Every duration is measured with {@link #nanoTime()}; wall time is
 * only used for the {@code start}/{@code stop}/{@code now} fields reported to clients.
 */
public interface TimeSource {
  /** Monotonic nanoseconds; only differences are meaningful (compare with {@code a - b < 0}). */
  long nanoTime();

  /** Wall-clock time. */
  Instant now();
}
