package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Turning per-process futures into supervisord's group results. Stateless; loop thread. */
final class ProcessResults {
  private ProcessResults() {}

  /** The {@link ControlException} behind a failure; anything else becomes FAILED with its message. */
  static ControlException asControlException(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ControlException ce ? ce
        : new ControlException(ControlException.Reason.FAILED, String.valueOf(t.getMessage()));
  }

  /** One result for {@code name} once {@code f} completes: ok, or failed with its ControlException. */
  static CompletableFuture<ProcessResult> resultOf(ProcessName name, CompletableFuture<?> f) {
    return f.handle((v, e) -> e == null ? ProcessResult.ok(name) : ProcessResult.failed(name, asControlException(e)));
  }

  /**
   * Results that complete within this long of each other count as completing together: supervisord
   * collects group results by polling every process in the given order about every 50 ms.
   */
  static final long TOGETHER_NANOS = 50_000_000L;

  /**
   * All results in supervisord's order: in the order they completed, except that results completing
   * together (each within {@link #TOGETHER_NANOS} of the one before) keep the given order.
   * Completions happen on the loop thread; {@code time} is the loop's.
   */
  static CompletableFuture<List<ProcessResult>> collect(List<CompletableFuture<ProcessResult>> results, TimeSource time) {
    int n = results.size();
    long[] doneAt = new long[n];
    List<Integer> completionOrder = new ArrayList<>(n);
    List<CompletableFuture<ProcessResult>> recorded = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      recorded.add(results.get(i).thenApply(r -> {
        synchronized (completionOrder) {
          doneAt[index] = time.nanoTime();
          completionOrder.add(index);
        }
        return r;
      }));
    }
    return CompletableFuture.allOf(recorded.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<ProcessResult> out = new ArrayList<>(n);
      List<Integer> cluster = new ArrayList<>();
      synchronized (completionOrder) {
        for (int k = 0; k < completionOrder.size(); k++) {
          int index = completionOrder.get(k);
          if (!cluster.isEmpty() && doneAt[index] - doneAt[completionOrder.get(k - 1)] > TOGETHER_NANOS) {
            flush(cluster, results, out);
          }
          cluster.add(index);
        }
        flush(cluster, results, out);
      }
      return out;
    });
  }

  private static void flush(List<Integer> cluster, List<CompletableFuture<ProcessResult>> results, List<ProcessResult> out) {
    cluster.sort(null);
    for (int index : cluster) {
      out.add(results.get(index).join());
    }
    cluster.clear();
  }
}
