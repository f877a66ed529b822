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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The Go port's {@code POST /program/startPrograms} and {@code /program/stopPrograms}: the body is
 * {@code [{"node":"n","program":"name"}, ...]} (or simply {@code ["name", ...]}); every named process
 * is started or stopped at once, and the reply lists one result per process. Never blocks.
 */
public final class ProgramBatchResource implements HttpHandler {
  private final Supervisor supervisor;
  private final Targets targets;
  private final boolean start;

  ProgramBatchResource(Supervisor supervisor, Targets targets, boolean start) {
    this.supervisor = supervisor;
    this.targets = targets;
    this.start = start;
  }

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
      List<ProcessName> names = parse(body);
      Async.reply(exchange, Params.timeout(exchange, ProcessActionResource.DEFAULT_TIMEOUT),
          () -> runAll(names, wait), results -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("success", results.stream().allMatch(ProcessResult::isOk));
            reply.put("results", results.stream().map(ProcessJson::of).collect(Collectors.toList()));
            return reply;
          });
    } catch (ControlException e) {
      Replies.fault(exchange, e.reason(), e.detail());
    }
  }

  private List<ProcessName> parse(byte[] body) throws ControlException {
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
    List<ProcessName> names = new ArrayList<>();
    for (JsonNode item : root) {
      String program = item.isTextual() ? item.asText() : item.path("program").asText("");
      if (item.hasNonNull("node")) {
        targets.checkNode(item.get("node").asText());
      }
      ProcessInfo p = targets.process(snapshot, program);
      names.add(p.name());
    }
    return names;
  }

  private CompletableFuture<List<ProcessResult>> runAll(List<ProcessName> names, boolean wait) {
    List<CompletableFuture<ProcessResult>> each = new ArrayList<>();
    for (ProcessName n : names) {
      CompletableFuture<ProcessInfo> f = start ? supervisor.start(n, wait) : supervisor.stop(n, wait);
      each.add(f.handle((v, e) -> e == null ? ProcessResult.ok(n) : ProcessActionResource.failed(n, e)));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).collect(Collectors.toList()));
  }
}
