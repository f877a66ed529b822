package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Starts a list of processes in start order, holding back each one until every process of each
 * program it {@code depends_on} is RUNNING (not merely spawned: a dependent should find its
 * dependency ready). A dependency that is neither RUNNING nor on its way there (STARTING, BACKOFF
 * with retries left, an autorestart pending, or itself waiting in a plan) fails the dependent with
 * FAILED. One {@link ProcessResult} per process, in the order they completed (supervisord's). Loop thread only.
 */
final class StartPlan {
  /** Starts one process; the future says how that went. */
  interface Starter {
    CompletableFuture<ProcessInfo> start(SupervisedProcess p);
  }

  /**
   * Whether a process may start now: OPEN, WAIT (a dependency is on its way to RUNNING), or closed
   * by the program named in {@code closedBy} (a dependency that is neither).
   */
  record Gate(boolean open, String closedBy) {
    static final Gate OPEN = new Gate(true, null);
    static final Gate WAIT = new Gate(false, null);

    static Gate closedBy(String program) {
      return new Gate(false, program);
    }
  }

  private final List<SupervisedProcess> order;
  private final Starter starter;
  private final Function<SupervisedProcess, Gate> gates;
  private final boolean[] resolved;
  private final List<ProcessResult> results = new ArrayList<>();
  private final boolean[] begun;
  private int unresolved;
  private final CompletableFuture<List<ProcessResult>> future = new CompletableFuture<>();

  StartPlan(List<SupervisedProcess> order, Starter starter, Function<SupervisedProcess, Gate> gates) {
    this.order = List.copyOf(order);
    this.starter = starter;
    this.gates = gates;
    this.resolved = new boolean[order.size()];
    this.begun = new boolean[order.size()];
    this.unresolved = order.size();
  }

  CompletableFuture<List<ProcessResult>> future() {
    return future;
  }

  boolean isDone() {
    return future.isDone();
  }

  /** Whether {@code p} is still waiting for its turn in this plan. */
  boolean isWaiting(SupervisedProcess p) {
    for (int i = 0; i < order.size(); i++) {
      if (!begun[i] && order.get(i) == p) {
        return true;
      }
    }
    return false;
  }

  /** Starts whatever became ready. */
  void advance() {
    for (int i = 0; i < order.size(); i++) {
      if (begun[i]) {
        continue;
      }
      SupervisedProcess p = order.get(i);
      Gate gate = gates.apply(p);
      if (gate == Gate.WAIT) {
        continue;
      }
      begun[i] = true;
      if (!gate.open()) {
        resolve(i, new ControlException(ControlException.Reason.FAILED,
            p.name().namespec() + ": dependency '" + gate.closedBy() + "' is not running"));
        continue;
      }
      int index = i;
      CompletableFuture<ProcessInfo> f;
      try {
        f = starter.start(p);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete((info, error) -> resolve(index, error));
    }
    finishIfResolved();
  }

  /** Takes {@code p} out of the plan before it started (a stop request); it reports {@code why}. */
  void cancel(SupervisedProcess p, ControlException why) {
    for (int i = 0; i < order.size(); i++) {
      if (!begun[i] && order.get(i) == p) {
        begun[i] = true;
        resolve(i, why);
      }
    }
    finishIfResolved();
  }

  /** Fails everything not begun (shutdown, reload). */
  void abort(ControlException.Reason reason) {
    for (int i = 0; i < order.size(); i++) {
      if (!begun[i]) {
        begun[i] = true;
        resolve(i, new ControlException(reason, ""));
      }
    }
    finishIfResolved();
  }

  private void resolve(int i, Throwable error) {
    if (resolved[i]) {
      return;
    }
    resolved[i] = true;
    ProcessName name = order.get(i).name();
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause == null) {
      results.add(ProcessResult.ok(name));
    } else if (cause instanceof ControlException ce) {
      results.add(ProcessResult.failed(name, ce));
    } else {
      results.add(ProcessResult.failed(name,
          new ControlException(ControlException.Reason.FAILED, String.valueOf(cause.getMessage()))));
    }
    unresolved--;
    finishIfResolved();
  }

  private void finishIfResolved() {
    if (unresolved == 0 && !future.isDone()) {
      future.complete(List.copyOf(results));
    }
  }
}
