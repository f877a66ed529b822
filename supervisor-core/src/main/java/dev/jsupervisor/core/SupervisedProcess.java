package dev.jsupervisor.core;

import dev.jsupervisor.core.log.AnsiStripper;
import dev.jsupervisor.core.log.ProcessLog;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.NotifySocket;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One process's state machine, supervisord's {@code Subprocess} turned event-driven. Inputs are
 * events: {@link #spawn()} (a start), its child's exit (posted by the launcher), {@link #stop()},
 * {@link #signal}, {@link #giveUp()} and its own timers (startsecs, backoff delay, stopwaitsecs,
 * restartpause). {@link #transitionTo} is the only place the state changes; every transition goes
 * to the {@link ProcessObserver}. Expected failures of requests are {@link ControlException}s.
 *
 * <p>With a {@link HealthSpec} (opt-in) it also runs the readiness probe (which replaces startsecs:
 * RUNNING when it passes, the start fails into BACKOFF when it fails) and the liveness probe (while
 * RUNNING; failing, the process is stopped and started again), grows its backoff, limits its
 * restarts, retries out of FATAL after a cool-down and asks for the daemon's exit by its exit policy.
 *
 * <p>Loop thread only. At most one state timer is pending at a time (plus the throttled
 * "waiting for x to stop" report while a stop is waited on, and the probes' own timers).
 */
final class SupervisedProcess {
  /** Observes transitions; returns true once it wants no more of them. */
  interface Watcher {
    boolean onTransition(SupervisedProcess p, ProcessState from, ProcessState to);

    /** The process is gone (its group was removed, or the supervisor terminated). */
    default void onDisposed(ControlException why) {}
  }

  /**
   * Wraps a spawn's stdout sink (the log) to read a listener's protocol from it; such a stdout is
   * the protocol channel and has no PROCESS_LOG events, as in supervisord.
   */
  interface StdoutTap {
    OutputSink tap(OutputSink stdoutLog);
  }

  /** Identifies one launched child, so a late exit of an old child is ignored. */
  private static final class Launch {
    volatile ChildProcess child; // set on the loop
    volatile int pid; // set by the launcher before the child's output can arrive; read by the I/O thread
    SharedSocketManager.Lease socket; // an fcgi-program's hold on its group's socket
    NotifySocket notify; // readiness_probe = notify: where this child's sd_notify datagrams arrive

    /** Gives back the shared socket and closes the sd_notify socket: the child is gone (or never was). */
    void releaseSockets() {
      if (socket != null) {
        socket.release();
      }
      if (notify != null) {
        notify.close();
      }
    }
  }

  static final String TOO_QUICKLY = "Exited too quickly (process log may have details)";
  private static final Duration STOP_REPORT_EVERY = Duration.ofSeconds(2);
  /** A partial line (with a line log format) is written out after this long without output. */
  static final Duration PARTIAL_LINE_IDLE = Duration.ofSeconds(1);

  private final ProcessServices services;
  private final ProcessObserver observer;
  private final ProcessName name;
  private final ProcessSpec spec;
  private final int groupPriority;
  private final LogSpec stdoutSpec;
  private final LogSpec stderrSpec;
  private ProcessLog stdoutLog;
  private ProcessLog stderrLog;

  private ProcessState state = ProcessState.STOPPED;
  private Launch launch;
  private int pid;
  private long laststartNanos;
  private long startEpoch;
  private long stopEpoch;
  private int exitstatus;
  private String spawnerr = "";
  private int backoff;
  private boolean killing;
  private int stopSignalIndex;
  private int spawns;
  private int spawnFailures;
  private SupervisorLoop.Timer timer;
  private boolean restartPending;
  private SupervisorLoop.Timer stopReport;
  private Map<String, String> probeEnvironment = Map.of();
  private final List<Watcher> watchers = new ArrayList<>();
  private StdoutTap stdoutTap;
  // ---- HealthSpec (all unused while spec.health() is HealthSpec.NONE)
  private final HealthSpec health;
  private HealthProbe readiness;
  private HealthProbe liveness;
  /** Set while a failed readiness probe has the child killed: its exit is a failed start. */
  private String abortedStart;
  /** Set while a failed liveness probe has the child stopped: it is started again after. */
  private boolean restartAfterStop;
  /** The last liveness failure that restarted the process, until liveness passes again. */
  private String healthNote = "";
  /** The last sd_notify {@code STATUS=} of this spawn (readiness_probe = notify), or "". */
  private String notifyStatus = "";
  private int livenessRestarts;
  /** Autorestarts after an unexpected exit, counted when the restart spawns. */
  private int crashRestarts;
  /** Spawns asked for by a start request ({@link #spawnRequested}). */
  private int startRequests;
  private int consecutiveRestarts;
  private final Deque<Long> restartTimes = new ArrayDeque<>();
  /** The exit policy asked for the daemon's exit: no more automatic starts. */
  private boolean exitRequested;
  private SharedSocketManager sharedSocket;
  /** Bumped by every hook run and every cancel: a hook's completion with an older number is stale. */
  private int hookRun;
  /** STARTING, and the child waits for the pre-start hook (no launch yet). */
  private boolean preStartHookRunning;
  private CommandRunner hookRunner;

  /** {@code stdoutSpec}/{@code stderrSpec} have AUTO targets already replaced by files. */
  SupervisedProcess(ProcessServices services, ProcessObserver observer, ProcessName name, ProcessSpec spec,
      int groupPriority, LogSpec stdoutSpec, LogSpec stderrSpec) {
    this.services = services;
    this.observer = observer;
    this.name = name;
    this.spec = spec;
    this.groupPriority = groupPriority;
    this.stdoutSpec = stdoutSpec;
    this.stderrSpec = spec.redirectStderr() ? LogSpec.NONE : stderrSpec;
    this.health = spec.health();
  }

  ProcessName name() {
    return name;
  }

  ProcessSpec spec() {
    return spec;
  }

  int groupPriority() {
    return groupPriority;
  }

  ProcessState state() {
    return state;
  }

  int pid() {
    return pid;
  }

  boolean isKilling() {
    return killing;
  }

  boolean everStarted() {
    return spawns > 0;
  }

  /** A live child we may write to, if any. */
  Optional<ChildProcess> child() {
    return launch == null ? Optional.empty() : Optional.ofNullable(launch.child);
  }

  /** Still on its way to RUNNING by itself: STARTING, BACKOFF with retries left, or an autorestart pending. */
  boolean isStartingUp() {
    return state == ProcessState.STARTING || restartPending || restartAfterStop
        || (state == ProcessState.BACKOFF && timer != null && timer.isPending());
  }

  /** RUNNING, and its liveness probe (if any) has passed and is not failing now. */
  boolean isHealthy() {
    return state == ProcessState.RUNNING
        && (liveness == null ? health.liveness().isEmpty() : liveness.status() == HealthProbe.Status.PASSING
            && liveness.consecutiveFailures() == 0);
  }

  /** Exited by itself with an expected exit code and is not about to start again. */
  boolean completedSuccessfully() {
    return state == ProcessState.EXITED && !restartPending && spawnerr.isEmpty() && exitstatus >= 0
        && spec.exitcodes().contains(exitstatus);
  }

  /** How often a failing liveness probe restarted the process. */
  int livenessRestarts() {
    return livenessRestarts;
  }

  /**
   * The health text shown after the description: {@code ""} without probes, else e.g.
   * {@code healthy}, {@code not ready: tcp 127.0.0.1:80: connection refused}; a program's own
   * sd_notify {@code STATUS=} follows as {@code (status: …)}.
   */
  String healthText() {
    String verdict = verdictText();
    return verdict.isEmpty() || notifyStatus.isEmpty() ? verdict : verdict + " (status: " + notifyStatus + ")";
  }

  private String verdictText() {
    if (state == ProcessState.STARTING && readiness != null) {
      return readiness.lastFailure().isEmpty() ? "not ready" : "not ready: " + readiness.lastFailure();
    }
    if (state != ProcessState.RUNNING || (health.readiness().isEmpty() && health.liveness().isEmpty())) {
      return "";
    }
    if (liveness != null && liveness.consecutiveFailures() > 0) {
      return "liveness failing (" + liveness.consecutiveFailures() + "/" + liveness.spec().failureThreshold() + "): "
          + liveness.lastFailure();
    }
    if (liveness != null && liveness.status() != HealthProbe.Status.PASSING) {
      return healthNote.isEmpty() ? "health unknown" : healthNote;
    }
    return "healthy";
  }

  /** Set once, before the first spawn: every spawn's stdout goes through {@code tap}. */
  void tapStdout(StdoutTap tap) {
    this.stdoutTap = tap;
  }

  /** Set once, before the first spawn: every child gets {@code socket} as fd 0 (an fcgi-program). */
  void shareSocket(SharedSocketManager socket) {
    this.sharedSocket = socket;
  }

  void addWatcher(Watcher w) {
    watchers.add(w);
  }

  /** The log files (for clear/reopen); only those opened so far. */
  List<ProcessLog> openLogs() {
    List<ProcessLog> out = new ArrayList<>(2);
    if (stdoutLog != null) {
      out.add(stdoutLog);
    }
    if (stderrLog != null) {
      out.add(stderrLog);
    }
    return out;
  }

  static String logPath(LogSpec spec) {
    LogTarget t = spec.primaryFile();
    return t instanceof LogTarget.File f ? f.path().toString() : "";
  }

  Optional<Path> logFile(Channel channel) {
    String p = logPath(channel == Channel.STDOUT ? stdoutSpec : stderrSpec);
    return p.isEmpty() ? Optional.empty() : Optional.of(Path.of(p));
  }

  ProcessInfo info(long nowEpoch) {
    return new ProcessInfo(name, startEpoch, stopEpoch, nowEpoch, state, spawnerr, exitstatus,
        logPath(stdoutSpec), logPath(stderrSpec), pid, Math.max(0, spawns - 1), spawnFailures,
        healthText(), livenessRestarts, crashRestarts, startRequests);
  }

  // ---------------------------------------------------------------- the one place state changes

  void transitionTo(ProcessState next) {
    transitionTo(next, false);
  }

  void transitionTo(ProcessState next, boolean expected) {
    if (!state.canTransitionTo(next)) {
      throw new IllegalStateException(name + ": " + state + " -> " + next + " is not a legal transition");
    }
    ProcessState from = state;
    state = next;
    if (next == ProcessState.BACKOFF) {
      backoff++;
    }
    SupervisorEvent.ProcessStateChanged event = new SupervisorEvent.ProcessStateChanged(name, from, next, expected, pid, backoff);
    if (!watchers.isEmpty()) {
      watchers.removeIf(w -> w.onTransition(this, from, next));
    }
    observer.transitioned(this, event);
  }

  // ---------------------------------------------------------------- start

  /**
   * What the next spawn runs (argv resolved, environment complete).
   *
   * @throws CommandLine.BadCommandException with supervisord's text when the command cannot run
   */
  LaunchPlan launchPlan() throws CommandLine.BadCommandException {
    return LaunchPlan.of(name, spec, services.environment());
  }

  /** A spawn by the engine itself (autostart, retry after BACKOFF, autorestart): plans its own launch. */
  void spawn() {
    LaunchPlan plan;
    try {
      plan = launchPlan();
    } catch (CommandLine.BadCommandException e) {
      beginSpawn();
      spawnFailed(e.getMessage());
      return;
    }
    spawn(plan);
  }

  /** A spawn asked for by a start request (supervisord's startProcess): counted, then {@link #spawn(LaunchPlan)}. */
  void spawnRequested(LaunchPlan plan) {
    startRequests++;
    spawn(plan);
  }

  /**
   * STOPPED/EXITED/FATAL/BACKOFF → STARTING, then a launched child (running {@code plan}) or BACKOFF.
   * With a {@code pre_start_hook} the child is launched when the hook has ended (whatever its exit
   * status, or killed at {@link ProgramExtrasSpec#HOOK_TIMEOUT}); the loop does not wait meanwhile.
   */
  void spawn(LaunchPlan plan) {
    beginSpawn();
    List<String> hook = spec.extras().preStartHook();
    if (hook.isEmpty()) {
      launchChild(plan);
      return;
    }
    int run = ++hookRun;
    preStartHookRunning = true;
    hooks().run(this, "'" + spec.name() + "' pre_start_hook", hook, ProgramExtrasSpec.HOOK_TIMEOUT)
        .thenAccept(status -> {
          if (run != hookRun || !preStartHookRunning || state != ProcessState.STARTING) {
            return; // the start was cancelled (stopped, removed) while the hook ran
          }
          preStartHookRunning = false;
          laststartNanos = services.loop().time().nanoTime(); // startsecs count from the exec
          startEpoch = services.loop().time().now().getEpochSecond();
          launchChild(plan);
        });
  }

  private CommandRunner hooks() {
    if (hookRunner == null) {
      hookRunner = new CommandRunner(services);
    }
    return hookRunner;
  }

  /** The launch proper of a spawn (state STARTING). */
  private void launchChild(LaunchPlan plan) {
    if (!services.launcher().descriptorsToSpare()) {
      spawnFailed(tooManyOpenFiles()); // the control plane keeps its reserve
      return;
    }
    try {
      openLogsIfNeeded();
    } catch (IOException e) {
      spawnFailed(isEmfile(e) ? tooManyOpenFiles()
          : "unknown error making dispatchers for '" + spec.name() + "': " + e.getMessage());
      return;
    }
    Launch l = new Launch();
    OutputSink out = stdoutTap != null ? stdoutTap.tap(stripped(logSink(stdoutLog, l)))
        : channelSink(stdoutLog, stdoutSpec, Channel.STDOUT, l);
    OutputSink err = channelSink(stderrLog, stderrSpec, Channel.STDERR, l);
    try {
      l.socket = sharedSocket == null ? null : sharedSocket.acquire();
    } catch (LaunchException e) {
      spawnFailed("couldn't create socket for '" + spec.name() + "': " + e.getMessage());
      return;
    }
    Map<String, String> environment = plan.environment();
    if (health.readiness().isPresent() && health.readiness().get().check() instanceof ProbeSpec.Notify) {
      try {
        NotifyInbox inbox = new NotifyInbox(services.loop(), m -> notified(l, m));
        l.notify = services.launcher().openNotifySocket(name.namespec(), spec.user(), inbox::offer);
      } catch (LaunchException | RuntimeException e) {
        l.releaseSockets();
        spawnFailed(e instanceof LaunchException ? e.getMessage()
            : "couldn't create the sd_notify socket for '" + spec.name() + "': " + e);
        return;
      }
      environment = new java.util.HashMap<>(environment);
      environment.put(SystemdNotifier.NOTIFY_SOCKET, l.notify.address());
    }
    if (health.readiness().isPresent()) {
      readiness = new HealthProbe("readiness", health.readiness().get(), new ProbeAttempts(services, name, spec),
          environment, services.loop(), readinessVerdicts(l));
      if (health.readiness().get().check() instanceof ProbeSpec.Output o) {
        HealthProbe probe = readiness;
        AtomicBoolean matched = new AtomicBoolean();
        Runnable onMatch = () -> services.loop().execute(() -> {
          if (launch == l && readiness == probe) {
            probe.signalled();
          }
        });
        out = new OutputMatcher(out, o.regex(), matched, onMatch);
        err = new OutputMatcher(err, o.regex(), matched, onMatch);
      }
    }
    LaunchRequest request = new LaunchRequest(name.namespec(), plan.argv(), environment, spec.directory(),
        spec.umask(), spec.user(), spec.redirectStderr(), out, err,
        Optional.ofNullable(l.socket).map(SharedSocketManager.Lease::socket)).withOnSpawned(p -> l.pid = p);
    try {
      launch = l;
      l.child = services.launcher().launch(request, status -> services.loop().execute(() -> onExit(l, status)));
    } catch (LaunchException e) {
      launch = null;
      stopProbes();
      l.releaseSockets();
      spawnFailed(e.getMessage());
      return;
    } catch (RuntimeException e) {
      launch = null;
      stopProbes();
      l.releaseSockets();
      spawnFailed("unknown error during spawn of '" + spec.name() + "': " + e);
      return;
    }
    pid = l.child.pid();
    l.pid = pid; // for a launcher that does not call onSpawned
    probeEnvironment = environment;
    services.activityLog().log(LogLevel.INFO, "spawned: '" + spec.name() + "' with pid " + pid);
    if (readiness != null) {
      readiness.begin(); // RUNNING when it passes, instead of startsecs
    } else if (spec.startsecs().isZero()) {
      becomeRunning();
    } else {
      timer = services.loop().schedule(spec.startsecs(), this::onStartsecsElapsed);
    }
  }

  /**
   * A channel's sink: its log, PROCESS_LOG events when the channel has them enabled, capture mode
   * (PROCESS_COMMUNICATION events) when it has a capture size.
   */
  private OutputSink channelSink(ProcessLog log, LogSpec logSpec, Channel channel, Launch l) {
    OutputSink logged = stripped(withEvents(logSink(log, l), logSpec, channel, l));
    if (logSpec.captureMaxbytes() <= 0) {
      return logged;
    }
    boolean strip = spec.logFormat().stripAnsi();
    // a message holds at most capture_maxbytes plus one read; a few of them may wait for the loop
    OutputHandoff handoff = new OutputHandoff(services.loop(), 4 * (logSpec.captureMaxbytes() + (128 << 10)));
    String what = "'" + spec.name() + "' " + channel.name().toLowerCase(java.util.Locale.ROOT) + " emitted a comm event";
    return new CaptureSink(logged, stripped(withEvents(OutputSink.DISCARD, logSpec, channel, l)),
        (int) Math.min(Integer.MAX_VALUE, logSpec.captureMaxbytes()),
        raw -> {
          byte[] message = strip ? AnsiStripper.strip(raw) : raw;
          handoff.offer(message, 0, message.length, copy -> {
          observer.emitted(this, new SupervisorEvent.ProcessCommunication(name, channel, pidOf(l), copy));
          services.activityLog().log(LogLevel.DEBG, what);
          });
        });
  }

  /** The log as this launch's sink (JSON lines carry its pid); DISCARD without a log. */
  private static OutputSink logSink(ProcessLog log, Launch l) {
    return log == null ? OutputSink.DISCARD : log.forChild(() -> pidOf(l));
  }

  /** supervisord's strip_ansi in front of {@code sink}, when on: logs and PROCESS_LOG events. */
  private OutputSink stripped(OutputSink sink) {
    return spec.logFormat().stripAnsi() && sink != OutputSink.DISCARD ? new AnsiStripper(sink) : sink;
  }

  private OutputSink withEvents(OutputSink sink, LogSpec logSpec, Channel channel, Launch l) {
    if (!logSpec.eventsEnabled()) {
      return sink;
    }
    return new OutputEventTap(sink, services.loop(), services.activityLog(), name, channel,
        () -> pidOf(l), e -> observer.emitted(this, e));
  }

  /** The launch's pid for its output (JSON lines, events): known before its first byte is read. */
  private static int pidOf(Launch l) {
    return l.pid;
  }

  private void beginSpawn() {
    cancelTimer();
    stopProbes();
    abortedStart = null;
    restartAfterStop = false;
    notifyStatus = "";
    spawnerr = "";
    laststartNanos = services.loop().time().nanoTime();
    startEpoch = services.loop().time().now().getEpochSecond();
    spawns++;
    transitionTo(ProcessState.STARTING);
  }

  /** Opened once, at the first spawn that gets this far; never when a channel has no targets. */
  /** supervisord's spawnerr for EMFILE. */
  private String tooManyOpenFiles() {
    return "too many open files to spawn '" + spec.name() + "'";
  }

  private static boolean isEmfile(IOException e) {
    return e instanceof java.nio.file.FileSystemException f && f.getReason() != null
        && (f.getReason().contains("Too many open files"));
  }

  private void openLogsIfNeeded() throws IOException {
    if (stdoutLog == null && !stdoutSpec.targets().isEmpty()) {
      stdoutLog = openLog(stdoutSpec, "stdout");
    }
    if (stderrLog == null && !spec.redirectStderr() && !stderrSpec.targets().isEmpty()) {
      stderrLog = openLog(stderrSpec, "stderr");
    }
  }

  private ProcessLog openLog(LogSpec logSpec, String stream) throws IOException {
    LogFormatSpec format = spec.logFormat();
    String label = name.namespec() + " " + stream;
    if (!format.lines(stream).framesLines() && format.rotateSchedule().isEmpty() && !format.gzip()) {
      return ProcessLog.open(label, logSpec, services.activityLog());
    }
    ProcessLog log = ProcessLog.open(label, logSpec, format, new ProcessLog.Source(name.name(), name.group(), stream),
        services.activityLog(), services.loop().time());
    log.onPartialLine(() -> {
      try {
        services.loop().execute(() -> flushWhenIdle(log));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // terminated: close() flushes
      }
    });
    return log;
  }

  /** Loop thread: writes out {@code log}'s partial line once it has been idle for PARTIAL_LINE_IDLE. */
  private void flushWhenIdle(ProcessLog log) {
    Duration wait = log.flushIfIdle(PARTIAL_LINE_IDLE);
    if (!wait.isZero()) {
      services.loop().schedule(wait, () -> flushWhenIdle(log));
    }
  }

  private void spawnFailed(String message) {
    spawnerr = message;
    spawnFailures++;
    services.activityLog().log(LogLevel.INFO, "spawnerr: " + message);
    transitionTo(ProcessState.BACKOFF);
    afterBackoff();
  }

  /**
   * supervisord waits 1, 2, 3 … s between attempts (or what the {@link RestartBackoff} says) and
   * gives up after 1 + startretries of them.
   */
  private void afterBackoff() {
    if (backoff > spec.startretries()) {
      giveUp();
      services.activityLog().log(LogLevel.INFO,
          "gave up: " + spec.name() + " entered FATAL state, too many start retries too quickly");
      afterFatal();
    } else {
      timer = services.loop().schedule(health.backoff().beforeRetry(backoff, services.random()), this::onBackoffElapsed);
    }
  }

  /** A FATAL process: the exit policy may end the daemon; else the cool-down may start it again. */
  private void afterFatal() {
    HealthSpec.ExitWhen when = health.exitPolicy().when();
    if (when != HealthSpec.ExitWhen.NEVER) {
      requestExit(health.exitPolicy().exitCode().orElse(1), spec.name() + " entered FATAL state");
      return;
    }
    if (!health.fatalRetryAfter().isZero() && services.mood().mayRestart() && !exitRequested) {
      restartPending = true;
      timer = services.loop().schedule(health.fatalRetryAfter(), () -> {
        restartPending = false;
        if (state == ProcessState.FATAL && services.mood().mayRestart()) {
          services.activityLog().log(LogLevel.INFO, "retrying " + spec.name() + " after "
              + seconds(health.fatalRetryAfter()) + "s in FATAL state (fatal_retry_after)");
          spawn();
        }
      });
    }
  }

  private void requestExit(int code, String why) {
    if (!services.mood().mayRestart() || exitRequested) {
      return; // already shutting down
    }
    exitRequested = true;
    String reason = why + "; shutting down, exit status " + code + " (exit_daemon_on="
        + health.exitPolicy().when().name().toLowerCase(java.util.Locale.ROOT) + ")";
    services.activityLog().log(LogLevel.WARN, "exit policy: " + reason);
    services.exits().accept(new ExitRequest(name, code, reason));
  }

  private void onBackoffElapsed() {
    // Shutdown leaves BACKOFF members alone until it gives them up; no new attempt meanwhile.
    if (state == ProcessState.BACKOFF && services.mood().mayRestart()) {
      spawn();
    }
  }

  /** BACKOFF → FATAL, as on too many retries or at shutdown. */
  void giveUp() {
    cancelTimer();
    backoff = 0;
    transitionTo(ProcessState.FATAL);
  }

  private void onStartsecsElapsed() {
    if (state == ProcessState.STARTING) {
      becomeRunning();
    }
  }

  private void becomeRunning() {
    backoff = 0;
    transitionTo(ProcessState.RUNNING);
    if (readiness != null) {
      services.activityLog().log(LogLevel.INFO, "success: " + spec.name()
          + " entered RUNNING state, readiness probe passed (" + readiness.spec().check().describe() + ")");
      readiness.stop();
      readiness = null;
    } else {
      services.activityLog().log(LogLevel.INFO, "success: " + spec.name()
          + " entered RUNNING state, process has stayed up for > than " + seconds(spec.startsecs())
          + " seconds (startsecs)");
    }
    startLiveness();
  }

  // ---------------------------------------------------------------- probes

  private HealthProbe.Verdicts readinessVerdicts(Launch l) {
    return new HealthProbe.Verdicts() {
      @Override
      public void passed(HealthProbe probe) {
        if (launch == l && probe == readiness && state == ProcessState.STARTING) {
          becomeRunning();
        }
      }

      @Override
      public void failed(HealthProbe probe, String cause) {
        if (launch == l && probe == readiness && state == ProcessState.STARTING) {
          abortStart("readiness probe failed: " + cause);
        }
      }

      @Override
      public void attempted(HealthProbe probe) {
        observer.changed(SupervisedProcess.this);
      }
    };
  }

  /**
   * sd_notify datagrams of launch {@code l} (merged by its {@link NotifyInbox}): {@code STATUS=} goes
   * into the health text, {@code READY=1} passes a notify readiness probe.
   */
  private void notified(Launch l, SdNotifyMessage m) {
    if (launch != l) {
      return; // an old spawn's (its socket is closed, but a message may have been in flight)
    }
    m.status().ifPresent(s -> notifyStatus = s);
    if (m.ready() && readiness != null && readiness.spec().check() instanceof ProbeSpec.Notify) {
      readiness.signalled();
    }
    observer.changed(this);
  }

  /** The readiness probe failed: the child is killed and its exit makes the start fail (BACKOFF). */
  private void abortStart(String cause) {
    cancelTimer();
    readiness.stop();
    abortedStart = cause;
    services.activityLog().log(LogLevel.WARN, spec.name() + ": " + cause + "; killing pid " + pid);
    try {
      launch.child.signal(Signal.KILL.number(), spec.killasgroup() || spec.stopasgroup());
    } catch (IOException e) {
      services.activityLog().log(LogLevel.CRIT, "unknown problem killing " + spec.name() + " (" + pid + "):"
          + e.getMessage());
    }
  }

  private void startLiveness() {
    if (health.liveness().isEmpty()) {
      return;
    }
    Launch l = launch;
    liveness = new HealthProbe("liveness", health.liveness().get(), new ProbeAttempts(services, name, spec),
        probeEnvironment, services.loop(), new HealthProbe.Verdicts() {
          @Override
          public void passed(HealthProbe probe) {
            if (launch == l && probe == liveness) {
              healthNote = "";
              observer.changed(SupervisedProcess.this);
            }
          }

          @Override
          public void failed(HealthProbe probe, String cause) {
            if (launch == l && probe == liveness && state == ProcessState.RUNNING) {
              livenessFailed(cause);
            }
          }

          @Override
          public void attempted(HealthProbe probe) {
            observer.changed(SupervisedProcess.this);
          }
        });
    liveness.begin();
  }

  /** A failing liveness probe: the process is stopped as by a stop request, then started again. */
  private void livenessFailed(String cause) {
    livenessRestarts++;
    healthNote = "restarted after liveness probe failed: " + cause;
    services.activityLog().log(LogLevel.WARN, "liveness probe failed for " + spec.name() + ": " + cause
        + "; restarting it");
    observer.emitted(this, new SupervisorEvent.LivenessFailed(name, pid, cause, livenessRestarts));
    stopProbes();
    try {
      stop();
      restartAfterStop = true;
    } catch (ControlException e) {
      // already in the activity log; the process is UNKNOWN now
    }
  }

  private void stopProbes() {
    if (readiness != null) {
      readiness.stop();
      readiness = null;
    }
    if (liveness != null) {
      liveness.stop();
      liveness = null;
    }
  }

  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  // ---------------------------------------------------------------- exit

  /** The launcher reported that the child of {@code l} ended; stale launches are ignored. */
  private void onExit(Launch l, ExitStatus status) {
    try {
      reaped(l, status);
    } finally {
      l.releaseSockets(); // after the exit is logged, as supervisord's after_finish
    }
  }

  private void reaped(Launch l, ExitStatus status) {
    if (l != launch) {
      return;
    }
    for (ProcessLog log : openLogs()) {
      log.flushPartial(); // the launcher handed over every byte before the exit
    }
    cancelTimer();
    cancelStopReport();
    stopProbes();
    long elapsed = services.loop().time().nanoTime() - laststartNanos;
    stopEpoch = services.loop().time().now().getEpochSecond();
    int es = status.supervisordCode();
    boolean expected = status instanceof ExitStatus.Exited && spec.exitcodes().contains(es);
    boolean tooQuickly = elapsed < spec.startsecs().toNanos();
    String what = status.describe();
    if (elapsed >= health.backoff().resetAfter().toNanos()) {
      consecutiveRestarts = 0;
    }
    if (killing) {
      killing = false;
      exitstatus = es;
      transitionTo(ProcessState.STOPPED);
      services.activityLog().log(expected ? LogLevel.INFO : LogLevel.WARN, "stopped: " + spec.name() + " (" + what + ")");
      if (restartAfterStop) {
        restartAfterStop = false;
        clearChild();
        if (services.mood().mayRestart() && !exitRequested) {
          scheduleRestart(false);
        }
        return;
      }
    } else if (state == ProcessState.STARTING && (tooQuickly || abortedStart != null || readinessConfigured())) {
      exitstatus = 0;
      spawnerr = abortedStart != null ? abortedStart
          : status instanceof ExitStatus.SpawnFailed f ? f.reason() : TOO_QUICKLY;
      abortedStart = null;
      spawnFailures++;
      services.activityLog().log(LogLevel.WARN, "exited: " + spec.name() + " (" + what + "; not expected)");
      transitionTo(ProcessState.BACKOFF);
      clearChild();
      afterBackoff();
      return;
    } else if (state == ProcessState.STARTING || state == ProcessState.RUNNING) {
      exitedByItself(es, expected, what);
      exitPolicyOnExit(status, es, expected, what);
    } else {
      // UNKNOWN: no legal transition left; just record what happened.
      exitstatus = es;
      services.activityLog().log(LogLevel.INFO, "exited: " + spec.name() + " (" + what + ")");
    }
    clearChild();
    maybeAutorestart(expected);
  }

  private void exitedByItself(int es, boolean expected, String what) {
    backoff = 0;
    exitstatus = es;
    if (state == ProcessState.STARTING) {
      transitionTo(ProcessState.RUNNING);
    }
    if (expected) {
      transitionTo(ProcessState.EXITED, true);
      services.activityLog().log(LogLevel.INFO, "exited: " + spec.name() + " (" + what + "; expected)");
    } else {
      spawnerr = "Bad exit code " + es;
      transitionTo(ProcessState.EXITED, false);
      services.activityLog().log(LogLevel.WARN, "exited: " + spec.name() + " (" + what + "; not expected)");
    }
  }

  private boolean readinessConfigured() {
    return health.readiness().isPresent();
  }

  private void exitPolicyOnExit(ExitStatus status, int es, boolean expected, String what) {
    HealthSpec.ExitWhen when = health.exitPolicy().when();
    if (when == HealthSpec.ExitWhen.ANY || (when == HealthSpec.ExitWhen.UNEXPECTED && !expected)) {
      int own = status instanceof ExitStatus.Signalled sig ? 128 + sig.signal() : es;
      requestExit(health.exitPolicy().exitCode().orElse(own), spec.name() + " exited (" + what + ")");
    }
  }

  private void clearChild() {
    pid = 0;
    launch = null;
    observer.changed(this);
  }

  private void maybeAutorestart(boolean expected) {
    if (state != ProcessState.EXITED || !services.mood().mayRestart() || exitRequested) {
      return;
    }
    RestartPolicy policy = spec.autorestart();
    if (policy == RestartPolicy.ALWAYS || (policy == RestartPolicy.UNEXPECTED && !expected)) {
      scheduleRestart(!expected);
    }
  }

  /**
   * An automatic restart of an EXITED (or, after a liveness failure, STOPPED) process: after
   * restartpause plus the backoff's delay, unless the restart limit is reached, which makes it FATAL.
   * {@code afterCrash}: the process exited unexpectedly; the restart counts as a crash restart.
   */
  private void scheduleRestart(boolean afterCrash) {
    HealthSpec.RestartLimit limit = health.restartLimit();
    long now = services.loop().time().nanoTime();
    if (limit.burst() > 0) {
      while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() >= limit.interval().toNanos()) {
        restartTimes.removeFirst();
      }
      if (restartTimes.size() >= limit.burst()) {
        restartTimes.clear();
        spawnerr = "restarted too often: " + limit.burst() + " restarts within " + seconds(limit.interval())
            + "s (restart_limit)";
        transitionTo(ProcessState.FATAL);
        services.activityLog().log(LogLevel.INFO, "gave up: " + spec.name() + " entered FATAL state, "
            + limit.burst() + " restarts within " + seconds(limit.interval()) + "s");
        afterFatal();
        return;
      }
      restartTimes.addLast(now);
    }
    consecutiveRestarts++;
    ProcessState from = state;
    restartPending = true;
    timer = services.loop().schedule(
        spec.restartpause().plus(health.backoff().beforeAutorestart(consecutiveRestarts, services.random())), () -> {
          restartPending = false;
          if (state == from && services.mood().mayRestart()) {
            if (afterCrash) {
              crashRestarts++;
            }
            spawn();
          }
        });
  }

  /** Drops a pending autorestart (a stop request, shutdown or group removal). Returns whether one was pending. */
  boolean cancelPendingRestart() {
    boolean was = restartPending || restartAfterStop;
    restartAfterStop = false;
    if (restartPending) {
      cancelTimer();
    }
    return was;
  }

  // ---------------------------------------------------------------- stop and signals

  /**
   * A stop request: BACKOFF → STOPPED at once; STARTING/RUNNING → STOPPING with the first stop
   * signal, then the next ones and SIGKILL every stopwaitsecs. A {@code pre_stop_hook} runs first
   * and the first signal is sent when it has ended (a failure of the signal is then only logged);
   * STARTING while the {@code pre_start_hook} runs → STOPPED at once (nothing was launched).
   *
   * @throws ControlException FAILED with supervisord's text when the signal could not be sent (the
   *     state is then UNKNOWN)
   */
  void stop() throws ControlException {
    if (state == ProcessState.BACKOFF) {
      cancelTimer();
      transitionTo(ProcessState.STOPPED);
      return;
    }
    if (state == ProcessState.STARTING && preStartHookRunning) {
      // Nothing was launched: the start is cancelled; the hook itself runs on to its end or timeout.
      preStartHookRunning = false;
      hookRun++;
      cancelTimer();
      stopEpoch = services.loop().time().now().getEpochSecond();
      transitionTo(ProcessState.STOPPING);
      transitionTo(ProcessState.STOPPED);
      services.activityLog().log(LogLevel.INFO, "stopped: " + spec.name() + " (start cancelled while its"
          + " pre_start_hook ran)");
      observer.changed(this);
      return;
    }
    if (state != ProcessState.STARTING && state != ProcessState.RUNNING) {
      throw new IllegalStateException(name + ": cannot stop a process that is " + state);
    }
    cancelTimer();
    stopProbes();
    killing = true;
    stopSignalIndex = 0;
    transitionTo(ProcessState.STOPPING);
    List<String> hook = spec.extras().preStopHook();
    if (hook.isEmpty()) {
      sendStopSignal(spec.stopsignals().get(0), spec.stopasgroup());
      return;
    }
    // The first signal waits for the hook (whatever its exit status, or killed at its timeout).
    Launch l = launch;
    int run = ++hookRun;
    hooks().run(this, "'" + spec.name() + "' pre_stop_hook", hook, ProgramExtrasSpec.HOOK_TIMEOUT)
        .thenAccept(status -> {
          if (run != hookRun || launch != l || state != ProcessState.STOPPING || !killing) {
            return; // the child ended meanwhile, or the process was removed
          }
          try {
            sendStopSignal(spec.stopsignals().get(0), spec.stopasgroup());
          } catch (ControlException e) {
            // Already in the activity log, and the process is UNKNOWN: nobody left to tell.
          }
        });
  }

  /**
   * supervisord's {@code stop_report}: "waiting for x to stop" now and every 2 s while STOPPING, for a
   * stop someone waits on (a stop RPC with wait, a group stop, an update). A shutdown does not call it:
   * supervisord reports "waiting for x to die" there instead ({@link StopSequence}). A second waiter
   * does not add reports.
   */
  void reportStopping() {
    if (stopReport == null) {
      reportStoppingNow();
    }
  }

  private void reportStoppingNow() {
    stopReport = null;
    if (state == ProcessState.STOPPING) {
      services.activityLog().log(LogLevel.INFO, "waiting for " + spec.name() + " to stop");
      stopReport = services.loop().schedule(STOP_REPORT_EVERY, this::reportStoppingNow);
    }
  }

  private void sendStopSignal(Signal signal, boolean group) throws ControlException {
    services.activityLog().log(LogLevel.DEBG, "killing " + spec.name() + " (pid " + pid + ") "
        + (group ? "process group " : "") + "with signal " + signal.signalName());
    try {
      launch.child.signal(signal.number(), group);
    } catch (IOException e) {
      throw signalFailed("unknown problem killing " + spec.name() + " (" + pid + "):" + e.getMessage());
    }
    timer = services.loop().schedule(spec.stopwaitsecs(), this::onStopwaitElapsed);
  }

  private void onStopwaitElapsed() {
    if (state != ProcessState.STOPPING) {
      return;
    }
    stopSignalIndex++;
    try {
      if (stopSignalIndex < spec.stopsignals().size()) {
        sendStopSignal(spec.stopsignals().get(stopSignalIndex), spec.stopasgroup());
      } else {
        services.activityLog().log(LogLevel.WARN, "killing '" + spec.name() + "' (" + pid + ") with SIGKILL");
        sendStopSignal(Signal.KILL, spec.killasgroup() || spec.stopasgroup());
      }
    } catch (ControlException e) {
      // Already in the activity log, and the process is UNKNOWN: nobody asked, nobody to tell.
    }
  }

  /**
   * Sends {@code signal} to the pid (never the group); the state does not change unless sending
   * fails with something other than ESRCH, which makes it UNKNOWN.
   *
   * @throws ControlException FAILED with supervisord's text when sending failed (the state is then
   *     UNKNOWN)
   */
  void signal(Signal signal) throws ControlException {
    if (!state.isSignallable() || launch == null) {
      throw new IllegalStateException(name + ": cannot signal a process that is " + state);
    }
    services.activityLog().log(LogLevel.DEBG, "sending " + spec.name() + " (pid " + pid + ") sig " + signal.signalName());
    try {
      launch.child.signal(signal.number(), false);
    } catch (IOException e) {
      throw signalFailed("unknown problem sending sig " + spec.name() + " (" + pid + "):" + e.getMessage());
    }
  }

  /** The process becomes UNKNOWN; returns the FAILED exception to throw. */
  private ControlException signalFailed(String message) {
    services.activityLog().log(LogLevel.CRIT, message);
    cancelTimer();
    cancelStopReport();
    killing = false;
    transitionTo(ProcessState.UNKNOWN);
    return new ControlException(ControlException.Reason.FAILED, message);
  }

  /**
   * Drops every timer, tells the remaining watchers {@code why} and closes the logs (group
   * removal, end of shutdown).
   */
  void dispose(ControlException why) {
    hookRun++; // a hook still running continues nothing
    preStartHookRunning = false;
    if (launch != null) {
      launch.releaseSockets(); // a child never reaped (the launcher closed) holds the socket no more
    }
    cancelTimer();
    cancelStopReport();
    stopProbes();
    List<Watcher> left = List.copyOf(watchers);
    watchers.clear();
    for (Watcher w : left) {
      w.onDisposed(why);
    }
    for (ProcessLog log : openLogs()) {
      log.close();
    }
    stdoutLog = null;
    stderrLog = null;
  }

  private void cancelTimer() {
    restartPending = false;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void cancelStopReport() {
    if (stopReport != null) {
      stopReport.cancel();
      stopReport = null;
    }
  }
}
