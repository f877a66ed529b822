/**
 * Prometheus metrics at {@code /metrics}: {@link dev.jsupervisor.web.metrics.SupervisorMetrics} binds
 * the Go port's {@code node_supervisord_*} gauges and jsupervisor's own per-process meters (read from
 * {@code Supervisor.snapshot()} and {@code /proc}) to a Micrometer registry;
 * {@link dev.jsupervisor.web.metrics.PrometheusResource} refreshes them and serves the scrape.
 */
package dev.jsupervisor.web.metrics;
