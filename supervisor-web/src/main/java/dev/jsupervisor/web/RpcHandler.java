package dev.jsupervisor.web;

import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /RPC2} (and, like supervisord, every path starting with it): POST only (else 400), a
 * {@code Content-Length} is required (else 411), bodies above the cap get 413. The checks run on the
 * I/O thread and the body is read without blocking. A body of up to {@link #INLINE_BODY_BYTES} is
 * parsed and its call run right there, as supervisord answers on the thread that read the request:
 * no hand-off to a worker for {@code getState}, {@code getAllProcessInfo}, start/stop; a larger
 * body, or a call that {@code mayBlock()} (it reads or writes files), goes to a worker. Calls that
 * wait on the engine ({@code startProcess(name, true)}) hold no thread: the reply is sent when the
 * dispatcher's future completes. Faults are ordinary 200
 * responses produced by the dispatcher; only a dispatcher crash becomes a 500.
 */
final class RpcHandler implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(RpcHandler.class.getName());

  /** Bodies up to this size are parsed on the I/O thread (supervisorctl's calls are well under 1 KiB). */
  static final int INLINE_BODY_BYTES = 16 * 1024;

  private final RpcEndpoint endpoint;
  private final long maxBodyBytes;

  RpcHandler(RpcEndpoint endpoint, long maxBodyBytes) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!exchange.getRequestMethod().equals(Methods.POST)) {
      ErrorPages.send(exchange, StatusCodes.BAD_REQUEST);
      return;
    }
    long length = contentLength(exchange);
    if (length < 0) {
      ErrorPages.send(exchange, StatusCodes.LENGTH_REQUIRED);
      return;
    }
    if (length > maxBodyBytes) {
      // The unread body would have to be drained; closing is cheaper and the client is broken.
      exchange.setPersistent(false);
      ErrorPages.send(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    // Read the body without blocking, so a client that never sends it holds no thread.
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (ex, body) -> {
              if (body.length <= INLINE_BODY_BYTES) {
                parseAndRun(ex, body, true);
              } else {
                ex.dispatch(() -> parseAndRun(ex, body, false));
              }
            },
            (ex, error) -> {
              LOG.log(Level.DEBUG, "client went away while sending an RPC body", error);
              ex.setPersistent(false);
              ex.endExchange();
            });
  }

  /** The declared body length, or -1 when there is none or the body is chunked. */
  private static long contentLength(HttpServerExchange exchange) {
    if (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
      return -1;
    }
    String value = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Parses the body and runs its call: on the I/O thread ({@code onIoThread}) unless the call may
   * block, then on a worker. The dispatcher answers at once, or later for calls that wait on the
   * engine; meanwhile the exchange stays open and no thread waits. A later reply is written by the
   * thread that completes it, the dispatcher's reply thread (never the engine's loop, see {@link
   * RpcEndpoint}), without a hop to the I/O thread.
   */
  private void parseAndRun(HttpServerExchange exchange, byte[] body, boolean onIoThread) {
    RpcDispatcher.Call call;
    try {
      call = endpoint.parse(body);
    } catch (MalformedRequestException e) {
      ErrorPages.send(exchange, StatusCodes.BAD_REQUEST);
      return;
    } catch (RuntimeException e) {
      crashed(exchange, e);
      return;
    }
    if (onIoThread && call.mayBlock()) {
      exchange.dispatch(() -> run(exchange, call));
    } else {
      run(exchange, call);
    }
  }

  private static void run(HttpServerExchange exchange, RpcDispatcher.Call call) {
    CompletableFuture<byte[]> response;
    try {
      response = call.run();
    } catch (RuntimeException e) {
      crashed(exchange, e);
      return;
    }
    if (response.isDone()) {
      send(exchange, response); // most calls: no hop to the I/O thread
    } else {
      AsyncExchange.whenDoneOnCompletingThread(exchange, response, done -> send(exchange, done));
    }
  }

  private static void send(HttpServerExchange exchange, CompletableFuture<byte[]> response) {
    byte[] bytes;
    try {
      bytes = response.join();
    } catch (RuntimeException e) {
      crashed(exchange, e);
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/xml");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** A dispatcher crash: logged, answered with a bare 500 (no stack trace to the client). */
  private static void crashed(HttpServerExchange exchange, RuntimeException e) {
    LOG.log(Level.ERROR, "XML-RPC dispatcher failed on a request", e);
    ErrorPages.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR);
  }
}
