package dev.jsupervisor.rpc;

import dev.jsupervisor.core.ControlException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * Turns the engine's futures into replies without waiting on any thread (this replaces
 * supervisord's {@code NOT_DONE_YET} polling): an engine failure becomes its fault, a future that
 * has not completed within the limit becomes FAILED (supervisord itself would wait forever; the
 * engine's work goes on). What follows a completion that arrives later runs on the reply executor,
 * never on the engine's loop thread. Thread-safe.
 */
final class EngineCalls {
  private static final System.Logger LOG = System.getLogger(EngineCalls.class.getName());

  /** A step after a reply, which may fail with a fault. */
  @FunctionalInterface
  interface Step<T, R> {
    R apply(T value) throws FaultException;
  }

  private final Duration limit;
  private final Executor replies;

  EngineCalls(Duration limit, Executor replies) {
    this.limit = limit;
    this.replies = replies;
  }

  /** The engine's future as a reply: completes with its value, or exceptionally with a FaultException. */
  <T> CompletableFuture<T> reply(CompletableFuture<T> engine) {
    return WaitLimit.bound(engine.copy(), limit).handle((v, e) -> {
      if (e != null) {
        throw new CompletionException(fault(e));
      }
      return v;
    });
  }

  /**
   * {@code step} applied to the reply's value: at once on the calling thread when the reply is
   * already complete, else on the reply executor when it completes. A fault thrown by the step
   * becomes the reply's failure.
   */
  <T, R> CompletableFuture<R> then(CompletableFuture<T> reply, Step<T, R> step) {
    if (reply.isDone()) {
      return reply.thenApply(v -> applyStep(step, v));
    }
    return reply.thenApplyAsync(v -> applyStep(step, v), replies);
  }

  /** As {@link #then}, for a step that yields a further reply. */
  <T, R> CompletableFuture<R> thenCompose(CompletableFuture<T> reply, java.util.function.Function<T, CompletableFuture<R>> step) {
    return reply.isDone() ? reply.thenCompose(step) : reply.thenComposeAsync(step, replies);
  }

  private static <T, R> R applyStep(Step<T, R> step, T value) {
    try {
      return step.apply(value);
    } catch (FaultException e) {
      throw new CompletionException(e);
    }
  }

  /** The fault for any failure: FaultException as is, ControlException mapped, a timeout FAILED. */
  FaultException fault(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof FaultException f) {
      return f;
    }
    if (cause instanceof ControlException c) {
      return FaultMapper.toFault(c);
    }
    if (cause instanceof TimeoutException) {
      return new FaultException(Fault.FAILED, "no answer from the engine within " + limit.toSeconds() + " s");
    }
    return internalError(cause);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** An unexpected failure: logged with its stack here, reported to the client by type and text only. */
  static FaultException internalError(Throwable t) {
    LOG.log(Level.ERROR, "XML-RPC call failed unexpectedly", t);
    String msg = t.getMessage();
    return new FaultException(Fault.FAILED, t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
  }
}
