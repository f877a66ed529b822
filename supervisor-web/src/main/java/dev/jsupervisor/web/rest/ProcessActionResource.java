package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.Signal;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code POST|PUT /program/<action>/[node/]<name>} for one process ({@code name}), a group
 * ({@code group:*}) or, on the {@code ...All} routes, every process. Restart is stop-then-start.
 * Replies: one process → {@code {"success":true,"process":{...}}}; several → {@code {"success":all ok,
 * "results":[...]}}; a failure of one process → its fault, with the process (and its spawnerr) in
 * {@code "process"}. Never blocks: replies from the engine's future (see {@link Async}).
 */
public final class ProcessActionResource implements HttpHandler {

  /** What to do to the target. */
  enum Action { START, STOP, RESTART, SIGNAL, CLEARLOG }

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Supervisor supervisor;
  private final Targets targets;
  private final Action action;
  private final boolean all;

  ProcessActionResource(Supervisor supervisor, Targets targets, Action action, boolean all) {
    this.supervisor = supervisor;
    this.targets = targets;
    this.action = action;
    this.all = all;
  }

  /** Called on an I/O or worker thread; never blocks. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      String node = Params.optional(exchange, "node");
      if (node != null) {
        targets.checkNode(node);
      }
      boolean wait = Params.waitFlag(exchange);
      Duration timeout = Params.timeout(exchange, DEFAULT_TIMEOUT);
      Signal signal = action == Action.SIGNAL ? signal(exchange) : null;
      if (all) {
        replyMany(exchange, timeout, () -> onAll(wait, signal));
        return;
      }
      String spec = Params.required(exchange, "name");
      SupervisorSnapshot snapshot = supervisor.snapshot();
      if (ProcessName.isGroupSpec(spec)) {
        String group = targets.group(snapshot, spec);
        replyMany(exchange, timeout, () -> onGroup(group, wait, signal));
      } else {
        ProcessName name = targets.process(snapshot, spec).name();
        replyOne(exchange, timeout, name, () -> onProcess(name, wait, signal));
      }
    } catch (ControlException e) {
      Replies.fault(exchange, e.reason(), e.detail());
    }
  }

  private static Signal signal(HttpServerExchange exchange) throws ControlException {
    String text = Params.required(exchange, "signal");
    return Signal.parse(text).orElseThrow(() -> new ControlException(Reason.BAD_SIGNAL, text));
  }

  private CompletableFuture<?> onProcess(ProcessName name, boolean wait, Signal signal) {
    switch (action) {
      case START: return supervisor.start(name, wait);
      case STOP: return supervisor.stop(name, wait);
      case RESTART:
        return supervisor.stop(name, true)
            .exceptionallyCompose(e -> ignoreNotRunning(e, null))
            .thenCompose(stopped -> supervisor.start(name, wait));
      case SIGNAL: return supervisor.signal(name, signal);
      case CLEARLOG: return supervisor.clearLogs(name);
      default: throw new AssertionError(action);
    }
  }

  private CompletableFuture<List<ProcessResult>> onGroup(String group, boolean wait, Signal signal) {
    switch (action) {
      case START: return supervisor.startGroup(group, wait);
      case STOP: return supervisor.stopGroup(group, wait);
      case RESTART:
        return supervisor.stopGroup(group, true)
            .thenCompose(stopped -> supervisor.startGroup(group, wait).thenApply(started -> merge(stopped, started)));
      case SIGNAL: return supervisor.signalGroup(group, signal);
      case CLEARLOG: return clearEach(supervisor.snapshot().processes().stream()
          .filter(p -> p.name().group().equals(group)).map(ProcessInfo::name).collect(Collectors.toList()));
      default: throw new AssertionError(action);
    }
  }

  private CompletableFuture<List<ProcessResult>> onAll(boolean wait, Signal signal) {
    switch (action) {
      case START: return supervisor.startAll(wait);
      case STOP: return supervisor.stopAll(wait);
      case RESTART:
        return supervisor.stopAll(true)
            .thenCompose(stopped -> supervisor.startAll(wait).thenApply(started -> merge(stopped, started)));
      case SIGNAL: return supervisor.signalAll(signal);
      case CLEARLOG: return supervisor.clearAllLogs();
      default: throw new AssertionError(action);
    }
  }

  /** Clears each process's logs; one result per process. */
  private CompletableFuture<List<ProcessResult>> clearEach(List<ProcessName> names) {
    List<CompletableFuture<ProcessResult>> each = new ArrayList<>();
    for (ProcessName n : names) {
      each.add(supervisor.clearLogs(n).handle((v, e) -> e == null ? ProcessResult.ok(n) : failed(n, e)));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).collect(Collectors.toList()));
  }

  static ProcessResult failed(ProcessName n, Throwable e) {
    Throwable cause = Replies.unwrap(e);
    ControlException ce = cause instanceof ControlException c ? c
        : new ControlException(Reason.FAILED, n.namespec() + ": " + cause.getMessage());
    return ProcessResult.failed(n, ce);
  }

  /** A restart's results: the start results, plus the stops that failed for another reason than NOT_RUNNING. */
  private static List<ProcessResult> merge(List<ProcessResult> stopped, List<ProcessResult> started) {
    List<ProcessResult> out = new ArrayList<>();
    for (ProcessResult r : stopped) {
      if (r.failure().filter(e -> e.reason() != Reason.NOT_RUNNING).isPresent()) {
        out.add(r);
      }
    }
    out.addAll(started);
    return out;
  }

  private static <T> CompletableFuture<T> ignoreNotRunning(Throwable e, T value) {
    Throwable cause = Replies.unwrap(e);
    if (cause instanceof ControlException ce && ce.reason() == Reason.NOT_RUNNING) {
      return CompletableFuture.completedFuture(value);
    }
    return CompletableFuture.failedFuture(cause);
  }

  private void replyOne(HttpServerExchange exchange, Duration timeout, ProcessName name,
      java.util.function.Supplier<CompletableFuture<?>> command) {
    Async.<Object>replyWith(exchange, timeout, () -> command.get().thenApply(v -> v), (ex, v) -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("success", true);
      // the future's ProcessInfo is newer than the snapshot, which is published after the loop's batch
      java.util.Optional<ProcessInfo> info = v instanceof ProcessInfo p ? java.util.Optional.of(p) : supervisor.snapshot().process(name);
      info.ifPresent(p -> body.put("process", ProcessJson.of(p, targets.nodeName())));
      Replies.json(ex, 200, body);
    }, (ex, error) -> replyFailure(ex, error, name, 10));
  }

  /**
   * The fault, with the process and its spawnerr. The future fails inside a loop batch and the
   * snapshot is published after it, so a spawn error's spawnerr may not be visible yet: look again a
   * few times, 20 ms apart, before replying without it.
   */
  private void replyFailure(HttpServerExchange ex, Throwable error, ProcessName name, int triesLeft) {
    Throwable cause = Replies.unwrap(error);
    var info = supervisor.snapshot().process(name);
    boolean spawnProblem = cause instanceof ControlException ce
        && (ce.reason() == Reason.SPAWN_ERROR || ce.reason() == Reason.ABNORMAL_TERMINATION);
    if (spawnProblem && triesLeft > 0 && info.map(p -> p.spawnerr().isEmpty()).orElse(false)) {
      ex.getIoThread().executeAfter(() -> replyFailure(ex, error, name, triesLeft - 1), 20, TimeUnit.MILLISECONDS);
      return;
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    info.ifPresent(p -> {
      extra.put("process", ProcessJson.of(p, targets.nodeName()));
      if (!p.spawnerr().isEmpty()) {
        extra.put("spawnerr", p.spawnerr());
      }
    });
    Replies.actionFailure(ex, error, extra);
  }

  private void replyMany(HttpServerExchange exchange, Duration timeout,
      java.util.function.Supplier<CompletableFuture<List<ProcessResult>>> command) {
    Async.<List<ProcessResult>>replyWith(exchange, timeout, command, (ex, results) -> {
      Map<String, Object> body = new LinkedHashMap<>();
      SupervisorSnapshot snapshot = supervisor.snapshot();
      body.put("success", results.stream().allMatch(ProcessResult::isOk));
      body.put("results", results.stream().map(r -> {
        Map<String, Object> m = ProcessJson.of(r);
        if (!r.isOk()) {
          snapshot.process(r.name()).filter(p -> !p.spawnerr().isEmpty()).ifPresent(p -> m.put("spawnerr", p.spawnerr()));
        }
        return m;
      }).collect(Collectors.toList()));
      Replies.json(ex, 200, body);
    });
  }
}
