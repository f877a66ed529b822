package dev.jsupervisor.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Answers an exchange from a future without any thread waiting for it: the exchange is dispatched
 * (kept open) and {@code reply} runs on the exchange's I/O thread when the future completes, where
 * it may also defer its answer with the I/O thread's timers. Used by {@code /RPC2} and the REST
 * routes. Called on the handler's thread; {@code reply} must not block.
 */
public final class AsyncExchange {
  private AsyncExchange() {}

  /** Runs {@code reply} (given the completed future) once {@code future} is done. */
  public static <T> void whenDone(HttpServerExchange exchange, CompletableFuture<T> future,
      Consumer<CompletableFuture<T>> reply) {
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> future.whenComplete((value, error) ->
        exchange.getIoThread().execute(() -> reply.accept(future))));
  }
}
