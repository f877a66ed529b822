package dev.jsupervisor.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds how long a caller waits for the engine. As {@link CompletableFuture#orTimeout}, but cheaper
 * per call and with a timer thread ({@code wait-limits}) that exists only while waits are bounded:
 * {@code orTimeout}'s shared scheduler thread, once started, stays for the life of the JVM, and an
 * idle daemon is to keep no thread it does not need.
 *
 * <p>A wait does not schedule a timer task of its own: that would wake the timer thread at every
 * {@code startProcess(name, true)} (its new task is the queue's head), a wake-up on the other core
 * in the middle of the call. Waits are kept in a set instead, and one sweep, at the earliest deadline
 * but at most {@link #SWEEP_EVERY} ahead, fails those that are due and arms the next sweep while
 * some are left. So a wait of the hour-long RPC limit costs a set insertion and removal, and the
 * timer thread wakes about once a minute while waits come and go, and ends a minute after the last
 * sweep. Any thread.
 */
public final class WaitLimit {
  /** The longest a sweep is armed ahead, so that a wait ending early leaves no timer for long. */
  static final Duration SWEEP_EVERY = Duration.ofSeconds(60);
  /** Longer limits are this one (a deadline in nanoseconds must not overflow). */
  static final Duration LONGEST = Duration.ofDays(365L * 100);

  private static final ScheduledThreadPoolExecutor TIMER = timer();
  private static final Set<Pending> PENDING = ConcurrentHashMap.newKeySet();
  private static final Object LOCK = new Object();
  private static final AtomicLong SWEEPS_ARMED = new AtomicLong();
  // guarded by LOCK: when the armed sweep runs (System.nanoTime) and its handle; none: null
  private static long nextSweep;
  private static ScheduledFuture<?> armed;

  private WaitLimit() {}

  /** One bounded wait (identity: two waits on the same future are two waits). */
  private static final class Pending {
    final CompletableFuture<?> future;
    final long deadline;

    Pending(CompletableFuture<?> future, long deadline) {
      this.future = future;
      this.deadline = deadline;
    }
  }

  /**
   * {@code future} itself, completed exceptionally with a {@link TimeoutException} unless it completes
   * within {@code limit}. A future that is already complete costs nothing.
   */
  public static <T> CompletableFuture<T> bound(CompletableFuture<T> future, Duration limit) {
    if (future.isDone()) {
      return future;
    }
    long nanos = limit.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : Math.max(0, limit.toNanos());
    Pending p = new Pending(future, System.nanoTime() + nanos);
    PENDING.add(p);
    future.whenComplete((v, e) -> PENDING.remove(p));
    armBy(p.deadline);
    return future;
  }

  /** Makes sure a sweep runs by {@code deadline} (or within {@link #SWEEP_EVERY}, if sooner). */
  private static void armBy(long deadline) {
    long now = System.nanoTime();
    long at = Math.min(deadline - now, SWEEP_EVERY.toNanos()) + now;
    synchronized (LOCK) {
      if (armed != null && nextSweep - at <= 0) {
        return; // the armed sweep comes first, and arms the next one for whatever is still pending
      }
      if (armed != null) {
        armed.cancel(false);
      }
      nextSweep = at;
      armed = TIMER.schedule(WaitLimit::sweep, Math.max(0, at - now), TimeUnit.NANOSECONDS);
      SWEEPS_ARMED.incrementAndGet();
    }
  }

  private static void sweep() {
    synchronized (LOCK) {
      armed = null;
    }
    long now = System.nanoTime();
    List<Pending> due = new ArrayList<>();
    long earliest = Long.MAX_VALUE;
    boolean anyLeft = false;
    for (Pending p : PENDING) {
      if (p.deadline - now <= 0) {
        due.add(p);
      } else if (!anyLeft || p.deadline - earliest < 0) {
        earliest = p.deadline;
        anyLeft = true;
      }
    }
    for (Pending p : due) {
      PENDING.remove(p);
      p.future.completeExceptionally(new TimeoutException());
    }
    if (anyLeft) {
      armBy(earliest);
    }
  }

  /** How many sweeps were armed since the JVM started: for tests. */
  static long sweepsArmed() {
    return SWEEPS_ARMED.get();
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "wait-limits");
      thread.setDaemon(true);
      return thread;
    });
    t.setKeepAliveTime(60, TimeUnit.SECONDS);
    t.allowCoreThreadTimeOut(true);
    t.setRemoveOnCancelPolicy(true); // a sweep replaced by an earlier one leaves nothing queued
    return t;
  }
}
