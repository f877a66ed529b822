package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /program/info/[node/]name} (one process of this daemon; the list is {@link FleetResource}). Reads the snapshot only, so it runs on the I/O thread without blocking.
 */
public final class ProcessesResource implements HttpHandler {
  private final Supervisor supervisor;
  private final Targets targets;

  private ProcessesResource(Supervisor supervisor, Targets targets) {
    this.supervisor = supervisor;
    this.targets = targets;
  }

  static ProcessesResource info(Supervisor supervisor, Targets targets) {
    return new ProcessesResource(supervisor, targets);
  }

  /** Called on an I/O or worker thread; errors become JSON faults. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    SupervisorSnapshot snapshot = supervisor.snapshot();
    String node = targets.nodeName();
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
