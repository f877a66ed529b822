package dev.jsupervisor.web.ui;

import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.DaemonControl;
import dev.jsupervisor.web.metrics.PrometheusResource;
import dev.jsupervisor.web.rest.Fleet;
import dev.jsupervisor.web.rest.RestApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;

/**
 * The web UI, the REST API and {@code /metrics}, mounted on the web server's routing tree. The server
 * wraps the tree in basic auth and serves {@code /RPC2} and {@code /logtail/...} itself.
 */
public final class WebApp {
  private WebApp() {}

  /**
   * Adds {@code /}, {@code /index.html}, {@code /ui/*} (the page's assets), the REST routes (see
   * {@code REST.md}) and {@code GET /metrics} to {@code routes}. Called once per routing tree while the
   * server is built (each call creates its own metrics registry and event listener).
   *
   * @throws IllegalStateException if the page's assets are missing from the jar
   */
  public static void register(RoutingHandler routes, Supervisor supervisor, DaemonControl daemon) {
    register(routes, supervisor, daemon, Fleet.SINGLE);
  }

  /** As {@link #register(RoutingHandler, Supervisor, DaemonControl)}, showing the nodes of {@code fleet}. */
  public static void register(RoutingHandler routes, Supervisor supervisor, DaemonControl daemon, Fleet fleet) {
    HttpHandler assets = gzip(new StaticAssets());
    routes.get("/", assets);
    routes.get("/index.html", assets);
    routes.get("/ui/{file}", assets);
    RestApi.register(routes, supervisor, daemon, fleet);
    routes.get("/metrics", gzip(PrometheusResource.create(supervisor, daemon::identification)));
  }

  /** Compresses when the client accepts gzip: a list of 500 processes shrinks about tenfold. */
  static HttpHandler gzip(HttpHandler next) {
    return new EncodingHandler(next, new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50));
  }
}
