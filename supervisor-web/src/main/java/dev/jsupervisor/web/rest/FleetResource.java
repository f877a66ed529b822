package dev.jsupervisor.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.web.AsyncExchange;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The fleet-wide reads: {@code GET /program/list} with every remote's processes after this daemon's
 * (each remote's in its own order, {@code node} set to the remote's name here), and
 * {@code GET /supervisor/listNodes} ({@code [{name, status: ONLINE|OFFLINE, ...}]}, this node first).
 * Every remote is asked at once; one that is down or slower than the fleet timeout is OFFLINE
 * (its processes are left out of the list) and never holds up the answer longer than that timeout.
 * A request from another fleet view ({@link RemoteNodes#HOP}) gets this daemon's own part only.
 * Never blocks a thread.
 */
final class FleetResource implements HttpHandler {
  private static final HttpString HOP = new HttpString(RemoteNodes.HOP);

  private final Supervisor supervisor;
  private final Targets targets;
  private final RemoteNodes remotes;
  private final HostLoad load;
  private final boolean nodes;

  private FleetResource(Supervisor supervisor, Targets targets, RemoteNodes remotes, HostLoad load, boolean nodes) {
    this.supervisor = supervisor;
    this.targets = targets;
    this.remotes = remotes;
    this.load = load;
    this.nodes = nodes;
  }

  static FleetResource processes(Supervisor supervisor, Targets targets, RemoteNodes remotes) {
    return new FleetResource(supervisor, targets, remotes, null, false);
  }

  static FleetResource nodes(Supervisor supervisor, Targets targets, RemoteNodes remotes, HostLoad load) {
    return new FleetResource(supervisor, targets, remotes, load, true);
  }

  /** Called on the I/O thread; replies when every remote has answered or timed out. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    List<Object> own = nodes ? List.of(localNode()) : localProcesses();
    boolean hop = exchange.getRequestHeaders().contains(HOP);
    if (hop || remotes.fleet().remotes().isEmpty()) {
      Replies.json(exchange, 200, own);
      return;
    }
    String path = nodes ? "/supervisor/listNodes" : "/program/list";
    List<CompletableFuture<List<Object>>> parts = new ArrayList<>();
    for (Fleet.Remote r : remotes.fleet().remotes()) {
      parts.add(remotes.send(r, "GET", path, null, Duration.ZERO)
          .handle((reply, e) -> nodes ? List.of(remoteNode(r, reply, e)) : remoteProcesses(r, reply, e)));
    }
    CompletableFuture<List<Object>> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(v -> {
          List<Object> out = new ArrayList<>(own);
          parts.forEach(p -> out.addAll(p.join()));
          return out;
        });
    AsyncExchange.whenDone(exchange, all, done -> Replies.json(exchange, 200, done.join()));
  }

  private List<Object> localProcesses() {
    String node = targets.nodeName();
    return supervisor.snapshot().processes().stream().map(p -> ProcessJson.of(p, node)).collect(Collectors.toList());
  }

  private Map<String, Object> localNode() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", targets.nodeName());
    m.put("status", "ONLINE");
    m.putAll(load.sample());
    m.put("statename", supervisor.snapshot().state().name());
    m.put("local", true);
    return m;
  }

  /** The remote's processes with {@code node} = its name here; none when it is offline or refuses us. */
  private static List<Object> remoteProcesses(Fleet.Remote r, RemoteNodes.Reply reply, Throwable e) {
    JsonNode root = e == null && reply.status() == 200 ? parse(reply) : null;
    if (root == null || !root.isArray()) {
      return List.of();
    }
    List<Object> out = new ArrayList<>();
    for (JsonNode item : root) {
      if (item instanceof ObjectNode o) {
        o.put("node", r.name());
        out.add(o);
      }
    }
    return out;
  }

  /** The remote's own entry of its listNodes, renamed; OFFLINE with the reason when there is none. */
  private static Object remoteNode(Fleet.Remote r, RemoteNodes.Reply reply, Throwable e) {
    String problem;
    if (e != null) {
      problem = Replies.unwrap(e).getMessage();
    } else if (RemoteNodes.authProblem(r, reply).isPresent()) {
      problem = RemoteNodes.authProblem(r, reply).get();
    } else {
      JsonNode root = reply.status() == 200 ? parse(reply) : null;
      if (root != null && root.isArray() && root.size() > 0 && root.get(0) instanceof ObjectNode o) {
        o.put("name", r.name());
        o.put("local", false);
        o.put("url", r.url().toString());
        return o;
      }
      problem = "node " + r.name() + " answered HTTP " + reply.status() + " to /supervisor/listNodes";
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("status", "OFFLINE");
    m.put("local", false);
    m.put("url", r.url().toString());
    m.put("error", problem);
    return m;
  }

  private static JsonNode parse(RemoteNodes.Reply reply) {
    try {
      return Replies.MAPPER.readTree(reply.body());
    } catch (IOException e) {
      return null;
    }
  }
}
