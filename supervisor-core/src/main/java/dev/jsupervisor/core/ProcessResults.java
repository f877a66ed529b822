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
   * All results, in the order they completed (those completing together in the order given), as
   * supervisord's deferred group calls report them. Completions happen on the loop thread.
   */
  static CompletableFuture<List<ProcessResult>> collect(List<CompletableFuture<ProcessResult>> results) {
    List<ProcessResult> out = new ArrayList<>(results.size());
    for (CompletableFuture<ProcessResult> r : results) {
      r.thenAccept(out::add);
    }
    return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(v -> out);
  }
}
