package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ProcessLauncher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Everything the loop thread owns: the active groups, the supervisor's mood, running start plans
 * and the shutdown sequence; it publishes the snapshot and flushes events after every batch.
 * Loop thread only, except {@link #snapshot()} and construction.
 */
final class SupervisorCore implements ProcessHost {
  /** Settings fixed at build time. */
  record Settings(
      ProcessLauncher launcher,
      ActivityLog activityLog,
      Map<String, String> systemEnvironment,
      Map<String, String> environment,
      String serverUrl,
      String identifier,
      Path childLogDir,
      RandomGenerator random) {}

  private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final SupervisorLoop loop;
  private final Settings settings;
  private final EventBus events;
  private final Map<String, ProcessGroup> groups = new TreeMap<>();
  private final List<SupervisorEvent> pendingEvents = new ArrayList<>();
  private final List<StartPlan> plans = new ArrayList<>();
  private SupervisorState mood = SupervisorState.RESTARTING;
  private StopSequence stopping;
  private boolean reviewScheduled;
  private boolean dirty = true;
  private final java.util.ArrayDeque<Runnable> afterPublish = new java.util.ArrayDeque<>();
  private volatile SupervisorSnapshot snapshot;

  SupervisorCore(SupervisorLoop loop, Settings settings, EventBus events, List<GroupSpec> initialGroups) {
    this.loop = loop;
    this.settings = settings;
    this.events = events;
    for (GroupSpec g : initialGroups) {
      groups.put(g.name(), newGroup(g));
    }
    publishSnapshot();
  }

  // ---------------------------------------------------------------- ProcessHost

  @Override
  public SupervisorLoop loop() {
    return loop;
  }

  @Override
  public ProcessLauncher launcher() {
    return settings.launcher();
  }

  @Override
  public ActivityLog activityLog() {
    return settings.activityLog();
  }

  @Override
  public void publish(SupervisorEvent event) {
    pendingEvents.add(event);
    dirty = true;
  }

  @Override
  public void stateChanged(SupervisedProcess process, ProcessState from, ProcessState to) {
    scheduleReview();
  }

  @Override
  public void changed() {
    dirty = true;
  }

  @Override
  public boolean mayRestart() {
    return mood == SupervisorState.RUNNING;
  }

  @Override
  public Map<String, String> childEnvironment(SupervisedProcess p) {
    Map<String, String> env = new LinkedHashMap<>(settings.systemEnvironment());
    env.put("SUPERVISOR_ENABLED", "1");
    String url = p.spec().serverurl().orElse(settings.serverUrl());
    if (url != null) {
      env.put("SUPERVISOR_SERVER_URL", url);
    }
    env.put("SUPERVISOR_PROCESS_NAME", p.spec().name());
    env.put("SUPERVISOR_GROUP_NAME", p.name().group());
    env.putAll(settings.environment());
    return env;
  }

  // ---------------------------------------------------------------- groups and lookups

  SupervisorState mood() {
    return mood;
  }

  void setMood(SupervisorState next) {
    if (next != mood) {
      publish(new SupervisorEvent.SupervisorStateChanged(mood, next));
      mood = next;
    }
  }

  /** Throws SHUTDOWN_STATE unless the supervisor is RUNNING (supervisord's {@code _update}). */
  void checkRunning() throws ControlException {
    if (mood != SupervisorState.RUNNING) {
      throw new ControlException(ControlException.Reason.SHUTDOWN_STATE, "");
    }
  }

  ProcessGroup group(String name) {
    return groups.get(name);
  }

  List<GroupSpec> groupSpecs() {
    List<GroupSpec> out = new ArrayList<>();
    for (ProcessGroup g : groups.values()) {
      out.add(g.spec());
    }
    return out;
  }

  SupervisedProcess find(ProcessName name) {
    ProcessGroup g = groups.get(name.group());
    return g == null ? null : g.member(name.name());
  }

  /** Every process, sorted by group name then process name. */
  List<SupervisedProcess> processes() {
    List<SupervisedProcess> out = new ArrayList<>();
    for (ProcessGroup g : groups.values()) {
      out.addAll(g.members());
    }
    out.sort(Comparator.comparing(SupervisedProcess::name));
    return out;
  }

  /** Every active process in start order. */
  List<SupervisedProcess> startOrder() {
    List<SupervisedProcess> out = new ArrayList<>();
    for (StartOrder.Node n : StartOrder.of(groupSpecs())) {
      out.add(find(n.name()));
    }
    return out;
  }

  /** Activates a group: creates its processes (choosing AUTO log names) and emits GroupAdded. */
  void addGroup(GroupSpec spec) {
    groups.put(spec.name(), newGroup(spec));
    publish(new SupervisorEvent.GroupAdded(spec.name()));
  }

  void removeGroup(String name) {
    ProcessGroup g = groups.remove(name);
    for (SupervisedProcess p : g.members()) {
      for (StartPlan plan : plans) {
        plan.cancel(p, new ControlException(ControlException.Reason.BAD_NAME, p.name().namespec()));
      }
      p.dispose();
    }
    publish(new SupervisorEvent.GroupRemoved(name));
  }

  private ProcessGroup newGroup(GroupSpec spec) {
    List<SupervisedProcess> members = new ArrayList<>();
    for (ProcessSpec p : spec.processes()) {
      members.add(new SupervisedProcess(this, spec.nameOf(p), p, spec.priority(),
          resolveAuto(p, p.stdout(), Channel.STDOUT), resolveAuto(p, p.stderr(), Channel.STDERR)));
    }
    return new ProcessGroup(spec, members);
  }

  /** AUTO → {@code <childlogdir>/<process>-<channel>---<identifier>-<8 random [a-z0-9]>.log}. */
  private LogSpec resolveAuto(ProcessSpec p, LogSpec spec, Channel channel) {
    if (spec.targets().stream().noneMatch(t -> t instanceof LogTarget.Auto)) {
      return spec;
    }
    List<LogTarget> targets = new ArrayList<>();
    for (LogTarget t : spec.targets()) {
      if (t instanceof LogTarget.Auto) {
        StringBuilder rnd = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
          rnd.append(NAME_CHARS[settings.random().nextInt(NAME_CHARS.length)]);
        }
        String file = p.name() + "-" + channel.wireName() + "---" + settings.identifier() + "-" + rnd + ".log";
        targets.add(new LogTarget.File(settings.childLogDir().resolve(file)));
      } else {
        targets.add(t);
      }
    }
    return spec.withTargets(targets);
  }

  // ---------------------------------------------------------------- dependencies and plans

  /**
   * The first program {@code p} depends on that is not ready: with {@code strict}, not every process
   * RUNNING; without, some process neither RUNNING nor on its way there. Null if none.
   */
  String unmetDependency(SupervisedProcess p, boolean strict) {
    for (String program : p.spec().dependsOn()) {
      for (ProcessGroup g : groups.values()) {
        for (SupervisedProcess q : g.members()) {
          if (!q.spec().program().equals(program) || q.state() == ProcessState.RUNNING) {
            continue;
          }
          if (strict || !(q.isStartingUp() || isWaitingInPlan(q))) {
            return program;
          }
        }
      }
    }
    return null;
  }

  private boolean isWaitingInPlan(SupervisedProcess q) {
    for (StartPlan plan : plans) {
      if (plan.isWaiting(q)) {
        return true;
      }
    }
    return false;
  }

  /** Runs a start plan; it advances whenever a state changes, until every member has a result. */
  CompletableFuture<List<ProcessResult>> runPlan(List<SupervisedProcess> order, StartPlan.Starter starter) {
    StartPlan plan = new StartPlan(this, order, starter);
    plans.add(plan);
    plan.advance();
    plans.removeIf(StartPlan::isDone);
    return plan.future();
  }

  /** A stop request took effect on {@code p} while it waited in a plan: it will not start. */
  void cancelWaitingStart(SupervisedProcess p, ControlException why) {
    for (StartPlan plan : new ArrayList<>(plans)) {
      plan.cancel(p, why);
    }
    plans.removeIf(StartPlan::isDone);
  }

  boolean isWaitingToStart(SupervisedProcess p) {
    return isWaitingInPlan(p);
  }

  /** Starts, in order, the autostart processes that never ran (supervisord's {@code laststart == 0}). */
  void autostart() {
    List<SupervisedProcess> order = new ArrayList<>();
    for (SupervisedProcess p : startOrder()) {
      if (p.spec().autostart() && p.state() == ProcessState.STOPPED && !p.everStarted()) {
        order.add(p);
      }
    }
    if (order.isEmpty()) {
      return;
    }
    runPlan(order, p -> {
      if (p.state() == ProcessState.STOPPED && !p.everStarted() && mayRestart()) {
        p.spawn();
      }
      return CompletableFuture.completedFuture(p.info(nowEpoch()));
    }).thenAccept(results -> results.stream().filter(r -> !r.isOk()).forEach(r -> activityLog().log(
        LogLevel.WARN, "not starting " + r.name().name() + ": " + r.failure().orElseThrow().detail())));
  }

  /**
   * Stops everything in stop order (shutdown, reload); pending plans fail with SHUTDOWN_STATE.
   * The future completes on the loop thread once every process is stopped.
   */
  CompletableFuture<Void> stopEverything() {
    for (StartPlan plan : new ArrayList<>(plans)) {
      plan.abort(ControlException.Reason.SHUTDOWN_STATE);
    }
    plans.clear();
    if (stopping != null) {
      // A shutdown overtakes a reload: the reload never gets to re-add its groups.
      stopping.done().completeExceptionally(new ControlException(ControlException.Reason.SHUTDOWN_STATE, ""));
    }
    stopping = new StopSequence(loop, activityLog(), startOrder());
    StopSequence s = stopping;
    s.done().whenComplete((v, e) -> {
      if (stopping == s) {
        stopping = null;
      }
    });
    s.begin();
    return s.done();
  }

  private void scheduleReview() {
    if (!reviewScheduled) {
      reviewScheduled = true;
      loop.execute(this::review);
    }
  }

  /** After state changes: let plans start what became ready and the shutdown move on. */
  private void review() {
    reviewScheduled = false;
    for (StartPlan plan : new ArrayList<>(plans)) {
      plan.advance();
    }
    plans.removeIf(StartPlan::isDone);
    if (stopping != null) {
      stopping.review();
    }
  }

  // ---------------------------------------------------------------- publication

  long nowEpoch() {
    return loop.time().now().getEpochSecond();
  }

  /**
   * After every batch: a new snapshot if anything changed, then the events, in order, then the
   * results of commands, so a caller woken by its future already sees the state it waited for.
   */
  void afterBatch() {
    if (dirty) {
      publishSnapshot();
    }
    if (!pendingEvents.isEmpty()) {
      List<SupervisorEvent> batch = List.copyOf(pendingEvents);
      pendingEvents.clear();
      events.publish(batch);
    }
    while (!afterPublish.isEmpty()) {
      afterPublish.poll().run();
    }
  }

  /**
   * Runs {@code r} once the current batch's snapshot is published (at once when called off the
   * loop, where no batch is in progress).
   */
  void runAfterPublish(Runnable r) {
    if (loop.inLoop()) {
      afterPublish.add(r);
    } else {
      r.run();
    }
  }

  void markDirty() {
    dirty = true;
  }

  private void publishSnapshot() {
    dirty = false;
    long now = nowEpoch();
    List<ProcessInfo> infos = new ArrayList<>();
    for (SupervisedProcess p : processes()) {
      infos.add(p.info(now));
    }
    snapshot = new SupervisorSnapshot(mood, groupSpecs(), infos);
  }

  /** The latest published snapshot with {@code now} refreshed to {@code wallNow}; any thread. */
  SupervisorSnapshot snapshot(Instant wallNow) {
    SupervisorSnapshot s = snapshot;
    long now = wallNow.getEpochSecond();
    List<ProcessInfo> infos = new ArrayList<>(s.processes().size());
    for (ProcessInfo i : s.processes()) {
      infos.add(new ProcessInfo(i.name(), i.start(), i.stop(), now, i.state(), i.spawnerr(), i.exitstatus(),
          i.stdoutLogfile(), i.stderrLogfile(), i.pid(), i.restarts(), i.spawnFailures()));
    }
    return new SupervisorSnapshot(s.state(), s.groups(), infos);
  }
}
