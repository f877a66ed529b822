package dev.jsupervisor.rpc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds how long a caller waits for the engine. As {@link CompletableFuture#orTimeout}, but its
 * timer thread ({@code wait-limits}) exists only while some wait is bounded and ends a minute after
 * the last one; {@code orTimeout}'s shared scheduler thread, once started, stays for the life of the
 * JVM, and an idle daemon is to keep no thread it does not need. Any thread.
 */
public final class WaitLimit {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private WaitLimit() {}

  /**
   * {@code future} itself, completed exceptionally with a {@link TimeoutException} unless it completes
   * within {@code limit}. A future that is already complete costs nothing.
   */
  public static <T> CompletableFuture<T> bound(CompletableFuture<T> future, Duration limit) {
    if (future.isDone()) {
      return future;
    }
    ScheduledFuture<?> timeout = TIMER.schedule(
        () -> future.completeExceptionally(new TimeoutException()), limit.toMillis(), TimeUnit.MILLISECONDS);
    future.whenComplete((v, e) -> timeout.cancel(false));
    return future;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "wait-limits");
      thread.setDaemon(true);
      return thread;
    });
    t.setKeepAliveTime(60, TimeUnit.SECONDS);
    t.allowCoreThreadTimeOut(true);
    t.setRemoveOnCancelPolicy(true); // a wait that ended leaves nothing queued
    return t;
  }
}
