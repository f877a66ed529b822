package dev.jsupervisor.web.ui;

import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SystemTimeSource;
import dev.jsupervisor.core.TimeSource;
import dev.jsupervisor.rpc.DaemonControl;
import dev.jsupervisor.web.metrics.ProcStats;
import dev.jsupervisor.web.metrics.LazyMetricsHandler;
import dev.jsupervisor.web.rest.Fleet;
import dev.jsupervisor.web.rest.RestApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import java.nio.file.Path;

/**
 * The web UI, the REST API and {@code /metrics}, mounted on the web server's routing tree. The server
 * wraps the tree in basic auth and serves {@code /RPC2} and {@code /logtail/...} itself.
 */
public final class WebApp {
  private WebApp() {}

  /**
   * Adds {@code /}, {@code /index.html}, {@code /ui/*} (the page's assets), the REST routes (see
   * {@code REST.md}), {@code GET /metrics} and the page's chart data ({@code /program/stats},
   * {@code /program/timeline/{name}}) to {@code routes}. Called once per routing tree while the
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
    routes.get("/metrics", gzip(new LazyMetricsHandler(supervisor, daemon::identification)));
    registerCharts(routes, supervisor, SystemTimeSource.INSTANCE, Path.of("/proc"));
  }

  /**
   * The page's read-only chart data: {@code GET /program/stats} (CPU and memory samples, taken only
   * when asked) and {@code GET /program/timeline/{name}} (state changes seen since registration).
   */
  static void registerCharts(RoutingHandler routes, Supervisor supervisor, TimeSource time, Path proc) {
    StateTimeline timeline = new StateTimeline(time);
    supervisor.addListener(timeline, Runnable::run);
    routes.get("/program/stats", gzip(new ProcessStatsResource(
        new ProcessStatsSampler(supervisor::snapshot, new ProcStats(proc), time))));
    routes.get("/program/timeline/{name}", new TimelineResource(supervisor, timeline, time));
  }

  /** Compresses when the client accepts gzip: a list of 500 processes shrinks about tenfold. */
  static HttpHandler gzip(HttpHandler next) {
    return new EncodingHandler(next, new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50));
  }
}
