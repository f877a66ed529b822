package dev.jsupervisor.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Answers an exchange from a future without any thread waiting for it: the exchange is dispatched
 * (kept open) and {@code reply} runs when the future completes, on the exchange's I/O thread
 * ({@link #whenDone}: there it may also defer its answer with the I/O thread's timers; the REST
 * routes) or on the thread that completed the future ({@link #whenDoneOnCompletingThread}: one hop
 * fewer, for futures completed on a thread that may write, as {@code /RPC2}'s reply thread). Called
 * on the handler's thread; {@code reply} must not block.
 */
public final class AsyncExchange {
  private AsyncExchange() {}

  /** Runs {@code reply} (given the completed future) once {@code future} is done. */
  public static <T> void whenDone(HttpServerExchange exchange, CompletableFuture<T> future,
      Consumer<CompletableFuture<T>> reply) {
    whenDoneOnCompletingThread(exchange, future, done -> exchange.getIoThread().execute(() -> reply.accept(done)));
  }

  /**
   * Runs {@code reply} (given the completed future) once {@code future} is done, on the thread that
   * completed it; never use it for futures the engine's loop thread completes.
   */
  public static <T> void whenDoneOnCompletingThread(HttpServerExchange exchange, CompletableFuture<T> future,
      Consumer<CompletableFuture<T>> reply) {
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> future.whenComplete((value, error) -> reply.accept(future)));
  }
}
