package dev.jsupervisor.web.ui;

import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.web.rest.Replies;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /program/stats[?since=epochMillis]}: the samples of {@link ProcessStatsSampler} taken
 * after {@code since} (all kept ones without it), read-only, for the page's CPU and memory charts:
 * <pre>{"interval":5,"rounds":[{"t":1764650000000,"p":{"web:api":[pid, cpuPercent|null, rssBytes|null]}}]}</pre>
 * Only this node's processes. Runs on a worker thread (it may read {@code /proc}); a bad {@code since}
 * is a BAD_ARGUMENTS fault.
 */
final class ProcessStatsResource implements HttpHandler {
  private final ProcessStatsSampler sampler;

  ProcessStatsResource(ProcessStatsSampler sampler) {
    this.sampler = sampler;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    long since;
    Deque<String> param = exchange.getQueryParameters().get("since");
    try {
      since = param == null || param.isEmpty() || param.getFirst().isEmpty() ? Long.MIN_VALUE : Long.parseLong(param.getFirst());
    } catch (NumberFormatException e) {
      Replies.fault(exchange, Reason.BAD_ARGUMENTS, "since must be milliseconds since the epoch but was " + param.getFirst());
      return;
    }
    List<Object> rounds = new ArrayList<>();
    for (ProcessStatsSampler.Round r : sampler.since(since)) {
      Map<String, Object> points = new LinkedHashMap<>();
      r.points().forEach((name, p) -> points.put(name, java.util.Arrays.asList(p.pid(),
          Double.isNaN(p.cpuPercent()) ? null : Math.round(p.cpuPercent() * 10) / 10.0,
          p.residentBytes() < 0 ? null : p.residentBytes())));
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("t", r.epochMillis());
      round.put("p", points);
      rounds.add(round);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("interval", ProcessStatsSampler.INTERVAL.toSeconds());
    body.put("rounds", rounds);
    Replies.json(exchange, 200, body);
  }
}
