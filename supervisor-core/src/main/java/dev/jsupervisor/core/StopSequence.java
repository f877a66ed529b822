package dev.jsupervisor.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Stops everything as supervisord's shutdown does: one stage at a time, where a stage is a run of
 * consecutive processes of one group in reverse start order (so groups go in descending priority).
 * A process that a member of the current stage {@code depends_on} begins a new stage, even within
 * one group, so dependents are stopped before their dependencies. Within a stage every member is
 * told to stop at once (BACKOFF members give up → FATAL); the next stage begins when all of them
 * are stopped.
 * Loop thread only.
 */
final class StopSequence {
  private static final Duration REPORT_EVERY = Duration.ofSeconds(3);

  private final SupervisorLoop loop;
  private final ActivityLog log;
  private final List<List<SupervisedProcess>> stages;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private int index = -1;
  private SupervisorLoop.Timer report;

  /** {@code startOrder}: every process in start order. */
  StopSequence(SupervisorLoop loop, ActivityLog log, List<SupervisedProcess> startOrder) {
    this.loop = loop;
    this.log = log;
    this.stages = new ArrayList<>();
    List<SupervisedProcess> current = null;
    for (int i = startOrder.size() - 1; i >= 0; i--) {
      SupervisedProcess p = startOrder.get(i);
      if (current == null || !current.get(0).name().group().equals(p.name().group())
          || isDependencyOf(p, current)) {
        current = new ArrayList<>();
        stages.add(current);
      }
      current.add(p);
    }
  }

  private static boolean isDependencyOf(SupervisedProcess p, List<SupervisedProcess> stage) {
    for (SupervisedProcess q : stage) {
      if (q.spec().dependsOn().contains(p.spec().program())) {
        return true;
      }
    }
    return false;
  }

  /** Completes once every stage is stopped. */
  CompletableFuture<Void> done() {
    return done;
  }

  void begin() {
    next();
  }

  /** Re-examines the current stage after state changes. */
  void review() {
    if (index >= 0 && index < stages.size() && unstopped(stages.get(index)).isEmpty()) {
      next();
    }
  }

  private void next() {
    cancelReport();
    while (++index < stages.size()) {
      List<SupervisedProcess> stage = stages.get(index);
      for (SupervisedProcess p : stage) {
        stopForShutdown(p);
      }
      if (!unstopped(stage).isEmpty()) {
        reportWaiting();
        return;
      }
    }
    done.complete(null);
  }

  private static void stopForShutdown(SupervisedProcess p) {
    p.cancelPendingRestart();
    switch (p.state()) {
      case RUNNING, STARTING -> {
        try {
          p.stop();
        } catch (ControlException e) {
          // Logged by the process, which is now UNKNOWN and so counts as stopped: the shutdown goes on.
        }
      }
      case BACKOFF -> p.giveUp();
      default -> { }
    }
  }

  private void reportWaiting() {
    if (index >= stages.size()) {
      return;
    }
    List<SupervisedProcess> waiting = unstopped(stages.get(index));
    if (waiting.isEmpty()) {
      return;
    }
    log.log(LogLevel.INFO, "waiting for "
        + waiting.stream().map(p -> p.spec().name()).collect(Collectors.joining(", ")) + " to die");
    report = loop.schedule(REPORT_EVERY, this::reportWaiting);
  }

  private void cancelReport() {
    if (report != null) {
      report.cancel();
      report = null;
    }
  }

  private static List<SupervisedProcess> unstopped(List<SupervisedProcess> stage) {
    List<SupervisedProcess> out = new ArrayList<>();
    for (SupervisedProcess p : stage) {
      if (!p.state().isStopped()) {
        out.add(p);
      }
    }
    return out;
  }
}
