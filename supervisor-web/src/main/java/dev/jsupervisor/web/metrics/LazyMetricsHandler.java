package dev.jsupervisor.web.metrics;

import dev.jsupervisor.core.Supervisor;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} that builds its {@link PrometheusResource} (the meter registry, the JVM's
 * meters, their management beans: some 300 classes and a few MB) at the first scrape, not at start-up.
 * State changes are counted from the start all the same ({@link TransitionCounts}). JVM meters that
 * listen for events (GC pauses, allocated bytes) count from the first scrape; the others read
 * totals the JVM keeps anyway. Any thread; the first scrape pays for the build.
 */
public final class LazyMetricsHandler implements HttpHandler {
  private final Supervisor supervisor;
  private final Supplier<String> identification;
  private final TransitionCounts transitions;
  private volatile HttpHandler resource;

  /** Starts counting state changes of {@code supervisor} now; nothing else is built until a scrape. */
  public LazyMetricsHandler(Supervisor supervisor, Supplier<String> identification) {
    this.supervisor = supervisor;
    this.identification = identification;
    this.transitions = TransitionCounts.listenTo(supervisor);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HttpHandler r = resource;
    if (r == null && exchange.isInIoThread()) {
      exchange.dispatch(this); // building loads classes: not on the I/O thread
      return;
    }
    if (r == null) {
      synchronized (this) {
        r = resource;
        if (r == null) {
          r = PrometheusResource.create(supervisor, identification, transitions);
          resource = r;
        }
      }
    }
    r.handleRequest(exchange);
  }
}
