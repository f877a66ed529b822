package dev.jsupervisor.web.metrics;

import dev.jsupervisor.core.Supervisor;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /metrics}: the Prometheus text exposition (or OpenMetrics when the scraper asks for it)
 * of the supervisor's meters and the daemon's own JVM meters. Each scrape refreshes
 * {@link SupervisorMetrics} first; that reads {@code /proc}, so the handler moves to a worker thread.
 */
public final class PrometheusResource implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(PrometheusResource.class.getName());

  private final PrometheusMeterRegistry registry;
  private final SupervisorMetrics metrics;

  PrometheusResource(PrometheusMeterRegistry registry, SupervisorMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  /** A registry with the supervisor's and the JVM's meters bound; call once per server. */
  public static PrometheusResource create(Supervisor supervisor) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SupervisorMetrics metrics = new SupervisorMetrics(supervisor);
    List<MeterBinder> binders = List.of(metrics, new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
        new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
        new FileDescriptorMetrics());
    binders.forEach(b -> b.bindTo(registry));
    return new PrometheusResource(registry, metrics);
  }

  /** The registry, for embedders that add their own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Dispatches to a worker thread, refreshes and scrapes; a failure is a 500 with a short text. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    String contentType = accept != null && accept.contains("application/openmetrics-text")
        ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
        : "text/plain; version=0.0.4; charset=utf-8";
    String body;
    try {
      metrics.refresh();
      body = registry.scrape(contentType);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "scrape failed", e);
      exchange.setStatusCode(500);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("scrape failed: " + e.getMessage());
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }
}
