package dev.jsupervisor.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Posts a command to the loop and hands back its future, completed only once the loop batch that
 * decided the outcome has published its snapshot and events, so a caller whose future completes
 * reads a snapshot that already shows it. Commands rejected because the loop has ended fail with
 * SHUTDOWN_STATE. {@link #call} from any thread.
 */
final class LoopCalls {
  /** Work run on the loop that yields a future (or throws an expected failure). */
  interface LoopCall<T> {
    CompletableFuture<T> run() throws ControlException;
  }

  private final SupervisorLoop loop;

  LoopCalls(SupervisorLoop loop) {
    this.loop = loop;
  }

  <T> CompletableFuture<T> call(LoopCall<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      loop.execute(() -> {
        try {
          task.run().whenComplete((v, e) -> whenPublished(() -> {
            if (e != null) {
              Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              result.completeExceptionally(cause);
            } else {
              result.complete(v);
            }
          }));
        } catch (ControlException | RuntimeException e) {
          whenPublished(() -> result.completeExceptionally(e));
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new ControlException(ControlException.Reason.SHUTDOWN_STATE, ""));
    }
    return result;
  }

  /** Posts {@code task} if the loop still runs; after termination there is nobody to do it for. */
  void post(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // Terminated.
    }
  }

  /**
   * Runs {@code completion} once the current loop batch has published (at once when called outside
   * a batch, e.g. from the stdin/log threads or before the loop ran).
   */
  void whenPublished(Runnable completion) {
    if (loop.inBatch()) {
      loop.afterThisBatch(completion);
    } else {
      completion.run();
    }
  }
}
