package dev.jsupervisor.web.rest;

import dev.jsupervisor.web.AsyncExchange;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers an exchange from an engine future without blocking any thread ({@link AsyncExchange}):
 * the reply is written when the future completes or the timeout passes. The engine's future itself
 * is never cancelled: a timed-out start goes on in the background, as with supervisorctl.
 */
final class Async {
  private Async() {}

  /**
   * Runs {@code command} (which may also throw) and replies 200 with {@code body(result)}, or with
   * the failure as in {@link Replies#failure}. Called on the handler's thread.
   */
  static <T> void reply(
      HttpServerExchange exchange,
      Duration timeout,
      Supplier<CompletableFuture<T>> command,
      Function<T, Object> body) {
    replyWith(exchange, timeout, command, (ex, value) -> Replies.json(ex, 200, body.apply(value)));
  }

  /** As {@link #reply}, with full control over the successful reply. */
  static <T> void replyWith(
      HttpServerExchange exchange,
      Duration timeout,
      Supplier<CompletableFuture<T>> command,
      java.util.function.BiConsumer<HttpServerExchange, T> onSuccess) {
    replyWith(exchange, timeout, command, onSuccess, Replies::failure);
  }

  /** As {@link #reply}, with full control over both replies. */
  static <T> void replyWith(
      HttpServerExchange exchange,
      Duration timeout,
      Supplier<CompletableFuture<T>> command,
      java.util.function.BiConsumer<HttpServerExchange, T> onSuccess,
      java.util.function.BiConsumer<HttpServerExchange, Throwable> onFailure) {
    CompletableFuture<T> future;
    try {
      future = dev.jsupervisor.rpc.WaitLimit.bound(command.get().copy(), timeout);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    AsyncExchange.whenDone(exchange, future, done -> {
      try {
        T value;
        try {
          value = done.join();
        } catch (CompletionException | CancellationException e) {
          onFailure.accept(exchange, Replies.unwrap(e));
          return;
        }
        onSuccess.accept(exchange, value);
      } catch (RuntimeException e) {
        Replies.failure(exchange, e);
      }
    });
  }
}
