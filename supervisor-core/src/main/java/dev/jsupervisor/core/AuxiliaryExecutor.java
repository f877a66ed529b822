package dev.jsupervisor.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * One lazily started daemon thread for the few blocking chores the loop must not do itself
 * (writing to a child's stdin, clearing and reopening log files). Any thread.
 */
final class AuxiliaryExecutor {
  private final String threadName;
  private ExecutorService executor; // guarded by this
  private boolean shutdown; // guarded by this

  AuxiliaryExecutor(String threadName) {
    this.threadName = threadName;
  }

  /**
   * Runs {@code task} on the auxiliary thread; the future completes there, exceptionally with what
   * the task threw (a {@code CompletionException} is unwrapped by callers).
   */
  CompletableFuture<Void> run(Runnable task) {
    try {
      return CompletableFuture.runAsync(task, executor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new ControlException(ControlException.Reason.SHUTDOWN_STATE, ""));
    }
  }

  private synchronized ExecutorService executor() {
    if (shutdown) {
      throw new RejectedExecutionException(threadName + " has shut down");
    }
    if (executor == null) {
      executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
      });
    }
    return executor;
  }

  /** Lets queued chores finish, then ends the thread. */
  synchronized void shutdown() {
    shutdown = true;
    if (executor != null) {
      executor.shutdown();
    }
  }
}
