package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.SupervisorState;
import dev.jsupervisor.rpc.DaemonControl;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The supervisor itself: {@code GET /supervisor/info} (state, identifier, version, pid, counts),
 * {@code GET /supervisor/[node/]ping}, and the Go port's {@code POST|PUT /supervisor/[node/]shutdown}
 * and {@code /supervisor/[node/]reload}, which only begin the operation and reply at once.
 */
public final class SupervisorResource implements HttpHandler {

  /** What the route does. */
  enum Op { INFO, PING, SHUTDOWN, RELOAD }

  /** This build's version, from the jar. */
  public static final String VERSION = readVersion();

  private final Supervisor supervisor;
  private final DaemonControl daemon;
  private final Targets targets;
  private final Op op;

  SupervisorResource(Supervisor supervisor, DaemonControl daemon, Targets targets, Op op) {
    this.supervisor = supervisor;
    this.daemon = daemon;
    this.targets = targets;
    this.op = op;
  }

  /** Called on an I/O or worker thread; shutdown and reload return before they are done. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String node = Params.optional(exchange, "node");
    if (node != null) {
      try {
        targets.checkNode(node);
      } catch (dev.jsupervisor.core.ControlException e) {
        Replies.fault(exchange, e.reason(), e.detail());
        return;
      }
    }
    switch (op) {
      case INFO:
        Replies.json(exchange, 200, info());
        return;
      case PING:
        Replies.json(exchange, 200, Map.of("success", true));
        return;
      default:
        control(exchange);
    }
  }

  private void control(HttpServerExchange exchange) {
    SupervisorState state = supervisor.snapshot().state();
    if (state == SupervisorState.SHUTDOWN) {
      Replies.fault(exchange, Reason.SHUTDOWN_STATE, "the supervisor is shutting down");
      return;
    }
    if (op == Op.SHUTDOWN) {
      daemon.shutdown();
    } else {
      daemon.restart();
    }
    Replies.json(exchange, 200, Map.of("success", true));
  }

  private Map<String, Object> info() {
    SupervisorSnapshot snapshot = supervisor.snapshot();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identification", daemon.identification());
    m.put("node", targets.nodeName());
    m.put("statecode", snapshot.state().code());
    m.put("statename", snapshot.state().name());
    m.put("version", VERSION);
    m.put("apiVersion", dev.jsupervisor.rpc.SupervisorNamespace.API_VERSION);
    m.put("pid", daemon.pid());
    m.put("mainLog", daemon.mainLogFile().map(Object::toString).orElse(""));
    m.put("groups", snapshot.groups().size());
    m.put("processes", snapshot.processes().size());
    m.put("now", System.currentTimeMillis() / 1000);
    return m;
  }

  private static String readVersion() {
    Properties p = new Properties();
    try (InputStream in = SupervisorResource.class.getResourceAsStream("/dev/jsupervisor/web/ui/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unknown version is shown as such; nothing else depends on it
    }
    return p.getProperty("version", "unknown");
  }
}
