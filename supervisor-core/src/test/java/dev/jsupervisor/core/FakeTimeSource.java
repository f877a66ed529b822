package dev.jsupervisor.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A time source that moves only when told. Monotonic time may start anywhere (use
 * {@link #ONE_MINUTE_FROM_MAX} to catch {@code a < b} where {@code a - b < 0} was meant); wall time
 * starts at {@link #WALL_START} and moves with it. Thread-safe reads; shared with the other modules' tests (core's test-jar).
 */
public final class FakeTimeSource implements TimeSource {
  public static final long ONE_MINUTE_FROM_MAX = Long.MAX_VALUE - 60_000_000_000L;
  public static final Instant WALL_START = Instant.parse("2026-11-24T15:05:00Z");

  private final long startNanos;
  private volatile long nanos;

  public FakeTimeSource(long startNanos) {
    this.startNanos = startNanos;
    this.nanos = startNanos;
  }

  public FakeTimeSource() {
    this(0);
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public Instant now() {
    return WALL_START.plusNanos(nanos - startNanos);
  }

  /** Moves time forward (wrapping past Long.MAX_VALUE like System.nanoTime may). */
  public synchronized void advance(Duration d) {
    nanos += d.toNanos();
  }

  /** Sets monotonic time; must not go back. */
  public synchronized void set(long value) {
    if (value - nanos < 0) {
      throw new IllegalArgumentException("time cannot go back");
    }
    nanos = value;
  }

  /** How far time moved since the start. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos - startNanos);
  }
}
