package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorState;
import dev.jsupervisor.rpc.ConfigUpdate;
import dev.jsupervisor.rpc.DaemonControl;
import dev.jsupervisor.rpc.UpdatePlan;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * jsupervisor's update that restarts only what changed ({@code [supervisord] update_grain}):
 * {@code GET /supervisor/update/plan} is the dry run (config read afresh, not kept; nothing
 * changes), {@code POST|PUT /supervisor/update} rereads the config and applies it as
 * {@code supervisorctl update} does, replying once done with the plan carried out. Broken config
 * files are {@code 400 CANT_REREAD}; a shutdown in progress {@code 503 SHUTDOWN_STATE}.
 */
final class UpdateResource implements HttpHandler {
  private final Supervisor supervisor;
  private final ConfigUpdate update;
  private final boolean apply;

  UpdateResource(Supervisor supervisor, DaemonControl daemon, boolean apply) {
    this.supervisor = supervisor;
    this.update = new ConfigUpdate(supervisor, daemon);
    this.apply = apply;
  }

  /** Called on an I/O or worker thread; the apply replies when the engine is done (or at the timeout). */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    SupervisorState state = supervisor.snapshot().state();
    if (state == SupervisorState.SHUTDOWN || state == SupervisorState.RESTARTING) {
      Replies.fault(exchange, Reason.SHUTDOWN_STATE, "the supervisor is shutting down");
      return;
    }
    try {
      if (!apply) {
        Replies.json(exchange, 200, body(update.plan()));
        return;
      }
      Duration timeout = Params.timeout(exchange, ProcessActionResource.DEFAULT_TIMEOUT);
      var done = update.apply();
      Async.reply(exchange, timeout, () -> done, UpdateResource::body);
    } catch (DaemonControl.ConfigReadException e) {
      Replies.refuse(exchange, 400, "CANT_REREAD", e.getMessage());
    } catch (ControlException e) {
      Replies.fault(exchange, e.reason(), e.detail());
    }
  }

  private static Map<String, Object> body(UpdatePlan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", true);
    m.putAll(plan.toStruct());
    return m;
  }
}
