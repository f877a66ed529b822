package dev.jsupervisor.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The Go port's {@code POST /program/startPrograms} and {@code /program/stopPrograms}: the body is
 * {@code [{"node":"n","program":"name"}, ...]} (or simply {@code ["name", ...]}); every named process
 * is started or stopped at once, and the reply lists one result per item (with its {@code node}), in
 * the order asked: an unknown name or node fails its own item ({@code BAD_NAME}), not the request.
 * Items of a remote node of the fleet go to that daemon in one request per node. Never blocks.
 */
public final class ProgramBatchResource implements HttpHandler {
  private final Supervisor supervisor;
  private final Targets targets;
  private final RemoteNodes remotes;
  private final boolean start;

  ProgramBatchResource(Supervisor supervisor, Targets targets, RemoteNodes remotes, boolean start) {
    this.supervisor = supervisor;
    this.targets = targets;
    this.remotes = remotes;
    this.start = start;
  }

  /**
   * What one request asks for: items for this daemon (in request order), and program names per
   * remote node.
   */
  private record Batch(List<Item> local, Map<Fleet.Remote, List<String>> remote) {}

  /** One local item: a process found, or the result of one that was not ({@code refusal}). */
  private record Item(ProcessName name, Map<String, Object> refusal) {}

  /** Called on an I/O or worker thread; reads the body asynchronously. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getRequestReceiver().receiveFullBytes(
        (ex, body) -> handleBody(ex, body),
        (ex, e) -> Replies.fault(ex, Reason.BAD_ARGUMENTS, "cannot read the request body"));
  }

  private void handleBody(HttpServerExchange exchange, byte[] body) {
    try {
      boolean wait = Params.waitFlag(exchange);
      Duration timeout = Params.timeout(exchange, ProcessActionResource.DEFAULT_TIMEOUT);
      Batch batch = parse(body);
      Async.reply(exchange, timeout, () -> runAll(batch, wait, timeout, exchange.getQueryString()), results -> {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("success", results.stream().allMatch(r -> Boolean.TRUE.equals(r.get("success"))));
        reply.put("results", results);
        return reply;
      });
    } catch (ControlException e) {
      Replies.fault(exchange, e.reason(), e.detail());
    }
  }

  private Batch parse(byte[] body) throws ControlException {
    JsonNode root;
    try {
      root = Replies.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "cannot read the body: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "the body must be a JSON array of {\"node\",\"program\"} objects");
    }
    SupervisorSnapshot snapshot = supervisor.snapshot();
    List<Item> local = new ArrayList<>();
    Map<Fleet.Remote, List<String>> remote = new LinkedHashMap<>();
    for (JsonNode item : root) {
      String program = item.isTextual() ? item.asText() : item.path("program").asText("");
      try {
        if (item.hasNonNull("node")) {
          var r = remotes.fleet().remote(item.get("node").asText());
          if (r.isPresent()) {
            remote.computeIfAbsent(r.get(), k -> new ArrayList<>()).add(program);
            continue;
          }
          targets.checkNode(item.get("node").asText());
        }
        ProcessInfo p = targets.process(snapshot, program);
        local.add(new Item(p.name(), null));
      } catch (ControlException e) {
        // an unknown name or node is that item's result; the others are still carried out
        Map<String, Object> refusal = new LinkedHashMap<>();
        refusal.put("name", program);
        refusal.putAll(Replies.faultBody(e.reason(), e.detail()));
        refusal.put("node", item.hasNonNull("node") ? item.get("node").asText() : targets.nodeName());
        local.add(new Item(null, refusal));
      }
    }
    return new Batch(local, remote);
  }

  /** Local processes at once, and one request per remote node; one result object per process. */
  private CompletableFuture<List<Map<String, Object>>> runAll(Batch batch, boolean wait, Duration timeout,
      String query) {
    String node = targets.nodeName();
    List<CompletableFuture<List<Map<String, Object>>>> each = new ArrayList<>();
    for (Item item : batch.local()) {
      if (item.refusal() != null) {
        each.add(CompletableFuture.completedFuture(List.of(item.refusal())));
        continue;
      }
      ProcessName n = item.name();
      CompletableFuture<ProcessInfo> f = start ? supervisor.start(n, wait) : supervisor.stop(n, wait);
      each.add(f.handle((v, e) -> List.of(withNode(ProcessJson.of(
          e == null ? ProcessResult.ok(n) : ProcessActionResource.failed(n, e)), node))));
    }
    String path = (start ? "/program/startPrograms" : "/program/stopPrograms") + (query.isEmpty() ? "" : "?" + query);
    batch.remote().forEach((r, programs) -> {
      byte[] body;
      try {
        body = Replies.MAPPER.writeValueAsBytes(programs);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      each.add(remotes.send(r, "POST", path, body, timeout).handle((reply, e) -> remoteResults(r, programs, reply, e)));
    });
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().flatMap(f -> f.join().stream()).collect(Collectors.toList()));
  }

  /** The remote's results with {@code node} added; a failure per program when it could not answer. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> remoteResults(Fleet.Remote r, List<String> programs,
      RemoteNodes.Reply reply, Throwable e) {
    String problem;
    if (e != null) {
      problem = Replies.unwrap(e).getMessage();
    } else if (RemoteNodes.authProblem(r, reply).isPresent()) {
      problem = RemoteNodes.authProblem(r, reply).get();
    } else {
      try {
        Map<String, Object> body = Replies.MAPPER.readValue(reply.body(), Map.class);
        if (body.get("results") instanceof List<?> results) {
          List<Map<String, Object>> out = new ArrayList<>();
          for (Object o : results) {
            if (o instanceof Map<?, ?> m) {
              out.add(withNode((Map<String, Object>) m, r.name()));
            }
          }
          return out;
        }
        problem = "node " + r.name() + " answered HTTP " + reply.status() + ": " + body.getOrDefault("message", "");
      } catch (IOException | RuntimeException bad) {
        problem = "node " + r.name() + " answered HTTP " + reply.status() + " without JSON results";
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String p : programs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p);
      m.put("node", r.name());
      m.put("success", false);
      m.put("fault", e != null ? "NODE_OFFLINE" : RemoteNodes.authProblem(r, reply).isPresent() ? "NODE_AUTH" : "NODE_ERROR");
      m.put("message", problem);
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> withNode(Map<String, Object> m, String node) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    out.put("node", node);
    return out;
  }
}
