package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /program/list} (every process, supervisord's order) and {@code GET /program/info/[node/]name}
 * (one process). Reads the snapshot only, so it runs on the I/O thread without blocking.
 */
public final class ProcessesResource implements HttpHandler {
  private final Supervisor supervisor;
  private final Targets targets;
  private final boolean single;

  private ProcessesResource(Supervisor supervisor, Targets targets, boolean single) {
    this.supervisor = supervisor;
    this.targets = targets;
    this.single = single;
  }

  static ProcessesResource list(Supervisor supervisor, Targets targets) {
    return new ProcessesResource(supervisor, targets, false);
  }

  static ProcessesResource info(Supervisor supervisor, Targets targets) {
    return new ProcessesResource(supervisor, targets, true);
  }

  /** Called on an I/O or worker thread; errors become JSON faults. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    SupervisorSnapshot snapshot = supervisor.snapshot();
    String node = targets.nodeName();
    if (!single) {
      List<Map<String, Object>> all = snapshot.processes().stream()
          .map(p -> ProcessJson.of(p, node))
          .collect(Collectors.toList());
      Replies.json(exchange, 200, all);
      return;
    }
    try {
      String nodeParam = Params.optional(exchange, "node");
      if (nodeParam != null) {
        targets.checkNode(nodeParam);
      }
      Replies.json(exchange, 200, ProcessJson.of(targets.process(snapshot, Params.required(exchange, "name")), node));
    } catch (ControlException e) {
      Replies.fault(exchange, e.reason(), e.detail());
    }
  }
}
