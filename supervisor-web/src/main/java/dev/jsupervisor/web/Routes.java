package dev.jsupervisor.web;

import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The handler tree every listener serves. supervisord's protocol endpoints match by prefix, as
 * medusa does ({@code /RPC2foo} is the RPC endpoint too) and answer wrong methods with 400, which a
 * {@link RoutingHandler} cannot express; they sit in front. Everything else (web UI, REST, metrics)
 * lives in the one {@link RoutingHandler} that other modules fill through {@code extraRoutes}; an
 * unmatched path gets 404 and a known path with the wrong method 405 with {@code Allow} ({@link
 * AllowingRoutingHandler}), as JSON on API paths and medusa's page elsewhere ({@link ErrorPages}). Per listener the tree is wrapped in {@link
 * BasicAuthHandler} when that section has credentials.
 */
final class Routes {

  private Routes() {}

  /** The shared tree: protocol endpoints by prefix, then the routing tree. */
  static HttpHandler tree(
      HttpHandler rpc,
      HttpHandler logtail,
      HttpHandler mainLogtail,
      Consumer<RoutingHandler> extraRoutes) {
    RoutingHandler routing = new AllowingRoutingHandler();
    routing.setFallbackHandler(exchange -> ErrorPages.send(exchange, StatusCodes.NOT_FOUND,
        "no route for " + exchange.getRequestMethod() + " " + exchange.getRequestPath()));
    extraRoutes.accept(routing);
    return new ProtocolPrefixes(rpc, logtail, mainLogtail, routing);
  }

  /**
   * What one listener serves: defaults for a missing Host, then auth if configured (except for
   * {@code GET /metrics} when {@code metricsAuth} is false), then {@code tree}.
   */
  static HttpHandler forListener(Optional<Credentials> credentials, boolean metricsAuth, HttpHandler tree) {
    HttpHandler guarded =
        credentials.<HttpHandler>map(c -> new BasicAuthHandler(c, tree)).orElse(tree);
    if (!metricsAuth && credentials.isPresent()) {
      HttpHandler auth = guarded;
      guarded = exchange -> {
        boolean scrape = exchange.getRequestPath().equals("/metrics")
            && exchange.getRequestMethod().equals(io.undertow.util.Methods.GET);
        (scrape ? tree : auth).handleRequest(exchange);
      };
    }
    return new DefaultHost(guarded);
  }

  /** Sends {@code /RPC2*}, {@code /logtail*} and {@code /mainlogtail*} to their handlers. */
  private static final class ProtocolPrefixes implements HttpHandler {
    private final HttpHandler rpc;
    private final HttpHandler logtail;
    private final HttpHandler mainLogtail;
    private final HttpHandler next;

    ProtocolPrefixes(HttpHandler rpc, HttpHandler logtail, HttpHandler mainLogtail, HttpHandler next) {
      this.rpc = Objects.requireNonNull(rpc);
      this.logtail = Objects.requireNonNull(logtail);
      this.mainLogtail = Objects.requireNonNull(mainLogtail);
      this.next = Objects.requireNonNull(next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      String path = exchange.getRequestPath();
      if (path.startsWith("/RPC2")) {
        rpc.handleRequest(exchange);
      } else if (path.startsWith("/logtail")) {
        logtail.handleRequest(exchange);
      } else if (path.startsWith("/mainlogtail")) {
        mainLogtail.handleRequest(exchange);
      } else {
        exchange.setMaxEntitySize(UndertowOptions.DEFAULT_MAX_ENTITY_SIZE);
        next.handleRequest(exchange);
      }
    }
  }

  /**
   * supervisorctl sends an empty {@code Host:} over unix sockets, and a unix connection has no local
   * address to fall back on; handlers that build URLs then see {@code localhost}, as supervisord's
   * clients assume.
   */
  private static final class DefaultHost implements HttpHandler {
    private final HttpHandler next;

    DefaultHost(HttpHandler next) {
      this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
      if (host == null || host.isBlank()) {
        exchange.getRequestHeaders().put(Headers.HOST, "localhost");
      }
      next.handleRequest(exchange);
    }
  }
}
