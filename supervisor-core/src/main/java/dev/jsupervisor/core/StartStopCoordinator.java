package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything that starts or stops more than one process in order: start-up (announce, autostart),
 * the start plans that hold processes back until their {@code depends_on} are RUNNING, and the
 * staged shutdown. It owns the mood's changes and re-examines plans and the shutdown after every
 * state change (it is the {@link ProcessObserver} of every process, relaying to the
 * {@link SnapshotPublisher}). Loop thread only, except {@link #announce()} before the loop runs.
 */
final class StartStopCoordinator implements ProcessObserver {
  private final SupervisorLoop loop;
  private final ActivityLog log;
  private final ProcessTable table;
  private final Mood mood;
  private final SnapshotPublisher publisher;
  private final List<StartPlan> plans = new ArrayList<>();
  private StopSequence stopping;
  private CompletableFuture<Void> shutdown;
  private boolean reviewScheduled;
  /** Completed once the autostart processes are settled ({@link #checkSettled}). */
  private final CompletableFuture<Void> startupSettled = new CompletableFuture<>();
  private List<SupervisedProcess> autostarting = List.of();
  private CompletableFuture<?> autostartPlan = CompletableFuture.completedFuture(null);

  StartStopCoordinator(SupervisorLoop loop, ActivityLog log, ProcessTable table, Mood mood, SnapshotPublisher publisher) {
    this.loop = loop;
    this.log = log;
    this.table = table;
    this.mood = mood;
    this.publisher = publisher;
  }

  // ---------------------------------------------------------------- ProcessObserver

  @Override
  public void transitioned(SupervisedProcess process, SupervisorEvent.ProcessStateChanged event) {
    publisher.publish(event);
    if (!reviewScheduled) {
      reviewScheduled = true;
      loop.execute(this::review);
    }
  }

  @Override
  public void emitted(SupervisedProcess process, SupervisorEvent event) {
    publisher.publish(event);
  }

  @Override
  public void changed(SupervisedProcess process) {
    publisher.changed();
    if (!reviewScheduled && !plans.isEmpty()) { // a probe verdict may open a depends_on gate
      reviewScheduled = true;
      loop.execute(this::review);
    }
  }

  /** After state changes: plans start what became ready, the shutdown moves to its next stage. */
  private void review() {
    reviewScheduled = false;
    for (StartPlan plan : new ArrayList<>(plans)) {
      plan.advance();
    }
    plans.removeIf(StartPlan::isDone);
    if (stopping != null) {
      stopping.review();
    }
    checkSettled();
  }

  /**
   * Completed (loop thread) once start-up is over: every autostart process has had its turn and is
   * no longer on its way up (RUNNING, or done trying: FATAL, EXITED, STOPPED), or the shutdown began.
   */
  CompletableFuture<Void> startupSettled() {
    return startupSettled;
  }

  private void checkSettled() {
    if (startupSettled.isDone() || !autostartPlan.isDone()) {
      return;
    }
    for (SupervisedProcess p : autostarting) {
      if (p.isStartingUp()) {
        return;
      }
    }
    autostarting = List.of();
    startupSettled.complete(null);
  }

  // ---------------------------------------------------------------- start-up and shutdown

  private void setMood(SupervisorState next) {
    SupervisorEvent event = mood.set(next);
    if (event != null) {
      publisher.publish(event);
    }
  }

  /**
   * The first half of start-up: the initial groups announced in (priority, name) order, mood
   * RUNNING, published at once. Runs
   * on the thread calling startAsync before the loop thread starts (which orders it before the loop).
   */
  void announce() {
    // supervisord adds its groups in (priority, name) order, so a listener pool hears of the groups after it
    List<GroupSpec> groups = new ArrayList<>(table.groupSpecs());
    groups.sort(java.util.Comparator.comparingInt(GroupSpec::priority).thenComparing(GroupSpec::name));
    for (GroupSpec g : groups) {
      publisher.publish(new SupervisorEvent.GroupAdded(g.name()));
    }
    setMood(SupervisorState.RUNNING);
    publisher.afterBatch();
  }

  /** Starts, in order, the autostart processes that never ran (supervisord's {@code laststart == 0}). */
  void autostart() {
    List<SupervisedProcess> order = new ArrayList<>();
    for (SupervisedProcess p : table.startOrder()) {
      if (p.spec().autostart() && p.state() == ProcessState.STOPPED && !p.everStarted()) {
        order.add(p);
      }
    }
    if (order.isEmpty()) {
      startupSettled.complete(null);
      return;
    }
    autostarting = List.copyOf(order);
    autostartPlan = runPlan(order, p -> {
      if (p.state() == ProcessState.STOPPED && !p.everStarted() && mood.mayRestart()) {
        p.spawn();
      }
      return CompletableFuture.completedFuture(p.info(nowEpoch()));
    }).thenAccept(results -> results.stream().filter(r -> !r.isOk()).forEach(r -> log.log(
        LogLevel.WARN, "not starting " + r.name().name() + ": " + r.failure().orElseThrow().detail())));
    checkSettled();
  }

  /**
   * Shutdown: mood SHUTDOWN, pending plans fail with SHUTDOWN_STATE, then every process stopped
   * stage by stage ({@link StopSequence}); {@code whenStopped} runs on the loop thread after the
   * last one. Repeated calls return the same future.
   */
  CompletableFuture<Void> shutdown(Runnable whenStopped) {
    if (shutdown == null) {
      setMood(SupervisorState.SHUTDOWN);
      for (StartPlan plan : new ArrayList<>(plans)) {
        plan.abort(ControlException.Reason.SHUTDOWN_STATE);
      }
      plans.clear();
      stopping = new StopSequence(loop, log, table.startOrder());
      shutdown = stopping.done().thenRun(whenStopped);
      stopping.begin();
      startupSettled.complete(null);
    }
    return shutdown;
  }

  // ---------------------------------------------------------------- plans and dependency gates

  /** Runs a start plan; it advances whenever a state changes, until every member has a result. */
  CompletableFuture<List<ProcessResult>> runPlan(List<SupervisedProcess> order, StartPlan.Starter starter) {
    StartPlan plan = new StartPlan(order, starter, this::gate);
    plans.add(plan);
    plan.advance();
    plans.removeIf(StartPlan::isDone);
    return plan.future();
  }

  /** Whether {@code p} is held back in a plan, not yet started. */
  boolean isWaitingToStart(SupervisedProcess p) {
    for (StartPlan plan : plans) {
      if (plan.isWaiting(p)) {
        return true;
      }
    }
    return false;
  }

  /** {@code p} leaves every plan it waits in without starting (a stop request, group removal). */
  void cancelWaitingStart(SupervisedProcess p, ControlException why) {
    for (StartPlan plan : new ArrayList<>(plans)) {
      plan.cancel(p, why);
    }
    plans.removeIf(StartPlan::isDone);
  }

  /**
   * Whether {@code p} may start now: OPEN when every process of each program it depends on is
   * RUNNING; WAIT while one of them is on its way there (STARTING, BACKOFF with retries left, an
   * autorestart pending, or itself waiting in a plan); else CLOSED by that program.
   */
  StartPlan.Gate gate(SupervisedProcess p) {
    String waitingFor = null;
    for (String program : p.spec().dependsOn()) {
      HealthSpec.DependsCondition condition = p.spec().health().conditionFor(program);
      for (SupervisedProcess q : table.processes()) {
        if (!q.spec().program().equals(program) || satisfies(q, condition)) {
          continue;
        }
        if (!(q.isStartingUp() || isWaitingToStart(q) || mayStillSatisfy(q, condition))) {
          return StartPlan.Gate.closedBy(program);
        }
        waitingFor = program;
      }
    }
    return waitingFor == null ? StartPlan.Gate.OPEN : StartPlan.Gate.WAIT;
  }

  /** Whether dependency {@code q} meets {@code condition} now (HealthSpec's depends_on conditions). */
  private static boolean satisfies(SupervisedProcess q, HealthSpec.DependsCondition condition) {
    return switch (condition) {
      case STARTED -> q.state() == ProcessState.STARTING || q.state() == ProcessState.RUNNING;
      case RUNNING -> q.state() == ProcessState.RUNNING;
      case HEALTHY -> q.isHealthy();
      case COMPLETED_SUCCESSFULLY -> q.completedSuccessfully();
    };
  }

  /** A RUNNING dependency may still become healthy, or complete. */
  private static boolean mayStillSatisfy(SupervisedProcess q, HealthSpec.DependsCondition condition) {
    return q.state() == ProcessState.RUNNING
        && (condition == HealthSpec.DependsCondition.HEALTHY || condition == HealthSpec.DependsCondition.COMPLETED_SUCCESSFULLY);
  }

  TimeSource time() {
    return loop.time();
  }

  long nowEpoch() {
    return loop.time().now().getEpochSecond();
  }
}
