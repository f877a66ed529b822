package dev.jsupervisor.web.rest;

import dev.jsupervisor.web.AsyncExchange;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A Go-port {@code {node}} route: when {@code {node}} names a remote of the fleet, the request is sent
 * on to that daemon's REST API without the node segment ({@code /program/start/web2/api} becomes
 * {@code /program/start/api} there) and its answer is passed back; otherwise {@code local} answers.
 * The local listener's auth and CSRF checks have already run, so only what the local user may do
 * here is proxied; the remote sees the remote's own configured credentials. A remote that is down
 * or slow gives 502 {@code NODE_OFFLINE}; one that refuses our credentials 502 {@code NODE_AUTH}
 * (never its 401, which would make a browser ask for the remote's password). Never blocks.
 */
final class NodeRouter implements HttpHandler {
  private final RemoteNodes remotes;
  private final int nodeSegment;
  private final boolean waitsOnEngine;
  private final HttpHandler local;

  /**
   * @param nodeSegment the index of {@code {node}} in the path split at '/' ({@code /program/start/N}: 3)
   * @param waitsOnEngine whether the remote may take the request's {@code timeout} to answer (actions)
   */
  NodeRouter(RemoteNodes remotes, int nodeSegment, boolean waitsOnEngine, HttpHandler local) {
    this.remotes = remotes;
    this.nodeSegment = nodeSegment;
    this.waitsOnEngine = waitsOnEngine;
    this.local = local;
  }

  /** Called on the I/O thread after auth and the CSRF guard. */
  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String node = Params.optional(exchange, "node");
    var remote = node == null ? java.util.Optional.<Fleet.Remote>empty() : remotes.fleet().remote(node);
    if (remote.isEmpty()) {
      local.handleRequest(exchange);
      return;
    }
    String[] segments = exchange.getRequestURI().split("/", -1);
    StringBuilder path = new StringBuilder();
    for (int i = 1; i < segments.length; i++) {
      if (i != nodeSegment) {
        path.append('/').append(segments[i]);
      }
    }
    if (!exchange.getQueryString().isEmpty()) {
      path.append('?').append(exchange.getQueryString());
    }
    Duration extra = Duration.ZERO;
    if (waitsOnEngine) {
      try {
        extra = Params.timeout(exchange, ProcessActionResource.DEFAULT_TIMEOUT);
      } catch (dev.jsupervisor.core.ControlException e) {
        Replies.fault(exchange, e.reason(), e.detail());
        return;
      }
    }
    String method = exchange.getRequestMethod().toString();
    CompletableFuture<RemoteNodes.Reply> reply = remotes.send(remote.get(), method, path.toString(), null, extra);
    AsyncExchange.whenDone(exchange, reply, done -> pass(exchange, remote.get(), done));
  }

  static void pass(HttpServerExchange exchange, Fleet.Remote remote, CompletableFuture<RemoteNodes.Reply> done) {
    RemoteNodes.Reply r;
    try {
      r = done.join();
    } catch (RuntimeException e) {
      offline(exchange, remote, Replies.unwrap(e));
      return;
    }
    var auth = RemoteNodes.authProblem(remote, r);
    if (auth.isPresent()) {
      Replies.refuse(exchange, 502, "NODE_AUTH", auth.get());
      return;
    }
    exchange.setStatusCode(r.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, r.contentType());
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(r.body()));
  }

  static void offline(HttpServerExchange exchange, Fleet.Remote remote, Throwable e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("fault", "NODE_OFFLINE");
    body.put("node", remote.name());
    body.put("message", String.valueOf(e.getMessage()));
    Replies.json(exchange, 502, body);
  }
}
