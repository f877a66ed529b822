package dev.jsupervisor.web.rest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of the fleet view: calls another daemon's REST API without blocking anyone (the
 * JDK's {@link HttpClient}, asynchronous). Each call carries that remote's configured Basic auth
 * (never the local caller's), the CSRF marker and {@link #HOP}, so the remote answers for itself
 * only. A call that cannot connect or does not answer within the fleet timeout fails with
 * {@link Offline}. Any thread may call; futures complete on the client's one or two threads.
 */
final class RemoteNodes {
  /** Marks a request made by a fleet view: the receiver lists only its own processes and node. */
  static final String HOP = "X-Jsupervisor-Fleet";

  private final Fleet fleet;
  private volatile HttpClient client;

  RemoteNodes(Fleet fleet) {
    this.fleet = fleet;
  }

  Fleet fleet() {
    return fleet;
  }

  /** The answer of a remote: status, content type and body bytes. */
  record Reply(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The remote could not be reached, or did not answer in time. */
  static final class Offline extends IOException {
    Offline(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Sends {@code method pathAndQuery} (raw, already encoded) to {@code remote}; {@code body} null for
   * none. {@code extra} is added to the fleet timeout for calls that wait on the remote's engine
   * (a start with {@code wait}). Never throws; the future fails with {@link Offline}.
   */
  CompletableFuture<Reply> send(Fleet.Remote remote, String method, String pathAndQuery, byte[] body,
      Duration extra) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(remote.url() + pathAndQuery))
          .timeout(fleet.timeout().plus(extra))
          .header(HOP, "1")
          .header(CsrfGuard.HEADER.toString(), "jsupervisor-fleet")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new Offline("bad request for node " + remote.name() + ": "
          + e.getMessage(), e));
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    remote.username().ifPresent(u -> b.header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((u + ":" + remote.password().orElse("")).getBytes(StandardCharsets.UTF_8))));
    return client().sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle((r, e) -> {
          if (e != null) {
            throw new java.util.concurrent.CompletionException(offline(remote, Replies.unwrap(e)));
          }
          return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/octet-stream"),
              r.body());
        });
  }

  private Offline offline(Fleet.Remote remote, Throwable e) {
    String why;
    if (e instanceof HttpConnectTimeoutException) {
      why = "no connection within " + fleet.timeout().toMillis() + " ms";
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer in time";
    } else if (e instanceof ConnectException) {
      why = "connection refused";
    } else {
      why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return new Offline("node " + remote.name() + " (" + remote.url() + ") is offline: " + why, e);
  }

  /** The remote's refusal of our credentials, as the message the fleet view shows; empty otherwise. */
  static Optional<String> authProblem(Fleet.Remote remote, Reply reply) {
    if (reply.status() != 401) {
      return Optional.empty();
    }
    return Optional.of("node " + remote.name() + " refused "
        + (remote.username().isPresent() ? "the credentials of remote_" + remote.name() + "_username/_password"
            : "the request: it needs credentials (set remote_" + remote.name() + "_username and _password)"));
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          AtomicInteger n = new AtomicInteger();
          ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "web-fleet-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
          pool.allowCoreThreadTimeOut(true);
          c = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(fleet.timeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(pool)
              .build();
          client = c;
        }
      }
    }
    return c;
  }
}
