package dev.jsupervisor.web.metrics;

import dev.jsupervisor.core.Supervisor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
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
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
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

  /**
   * As {@link #create(Supervisor, Supplier)} for a daemon with supervisord's default identifier
   * {@code supervisor}.
   */
  public static PrometheusResource create(Supervisor supervisor) {
    return create(supervisor, () -> "supervisor");
  }

  /**
   * A registry with the supervisor's and the JVM's meters bound; {@code identification} gives the
   * {@code identifier} label of {@code supervisor_info}. Call once per server.
   */
  public static PrometheusResource create(Supervisor supervisor, Supplier<String> identification) {
    return create(supervisor, identification, TransitionCounts.listenTo(supervisor));
  }

  /** As {@link #create(Supervisor, Supplier)}, exporting state changes counted since {@code transitions} started. */
  static PrometheusResource create(Supervisor supervisor, Supplier<String> identification,
      TransitionCounts transitions) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(PROMTOOL_NAMES);
    SupervisorMetrics metrics = new SupervisorMetrics(supervisor, identification, transitions);
    List<MeterBinder> binders = List.of(metrics, new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
        new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
        new FileDescriptorMetrics());
    binders.forEach(b -> b.bindTo(registry));
    processCpuSeconds(registry);
    return new PrometheusResource(registry, metrics);
  }

  /**
   * Renames the two binder meters whose Prometheus names {@code promtool check metrics} rejects:
   * {@code system_cpu_count} (a {@code _count} suffix belongs to histograms and summaries) becomes
   * {@code system_cpus}, and {@code process_cpu_time_ns_total} (an abbreviated unit, nanoseconds) is
   * dropped for {@link #processCpuSeconds}.
   */
  static final MeterFilter PROMTOOL_NAMES = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
      return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }
  };

  /** {@code process_cpu_seconds_total}, the name Prometheus' own clients give the process's CPU time. */
  private static void processCpuSeconds(PrometheusMeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, b -> b.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time (user+system) used by the daemon's JVM")
          .register(registry);
    }
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
