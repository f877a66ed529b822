package dev.jsupervisor.core;

import dev.jsupervisor.core.os.posix.PosixProcessLauncher;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.ProcessLauncher;
import dev.jsupervisor.core.spi.StdinFullException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * The engine: supervises groups of processes as supervisord does. Built in code with
 * {@link #builder()}; no config file needed.
 *
 * <p>Threading: one loop thread ({@code supervisor-loop}) owns all mutable state. Every public method
 * may be called from any thread; commands are posted to the loop and return a future that completes
 * on the loop thread (callers that want to wait do so on their own thread). Expected failures
 * complete the future exceptionally with a {@link ControlException}. Writes to a child's stdin
 * never block (the launcher queues them per child and writes as the pipe takes them), and log
 * clearing/reopening runs on an auxiliary thread ({@code supervisor-logs}, started on first use), so
 * the loop never blocks. The thread count does not depend on the number of processes.
 *
 * <p>Dependencies ({@link ProcessSpec#dependsOn()}): a process is started only once every process of
 * each program it depends on is RUNNING (after its startsecs), by autostart and by group/all starts;
 * a plain {@link #start} does not wait for dependencies. Stop order is the reverse of start order.
 */
public final class Supervisor {
  private final SupervisorLoop loop;
  private final TimeSource time;
  private final boolean manualLoop;
  private final ProcessLauncher launcher;
  private final boolean ownsLauncher;
  private final EventBus events = new EventBus();
  private final ProcessTable table = new ProcessTable();
  private final SnapshotPublisher publisher;
  private final StartStopCoordinator coordinator;
  /** Loop-owned once the loop runs; the builder's thread names the first groups' files. */
  private final AutoLogNames autoLogNames;
  private final ProcessCommands processCommands;
  private final GroupCommands groupCommands;
  private final LogCommands logCommands;
  private final LoopCalls calls;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final ActivityLog activityLog;
  private final AuxiliaryExecutor logChores = new AuxiliaryExecutor("supervisor-logs");
  private final ProbeTransport probes;
  private final CompletableFuture<ExitRequest> exitRequest = new CompletableFuture<>();
  private final FileWatching watching;

  /** Wires the rooms (see ARCHITECTURE.md); the initial groups exist, all STOPPED, nothing runs yet. */
  private Supervisor(Builder b, List<GroupSpec> groups) {
    this.time = b.timeSource;
    this.manualLoop = b.loop != null;
    this.loop = manualLoop ? b.loop : new SupervisorLoop(time);
    this.ownsLauncher = b.launcher == null;
    this.launcher = b.launcher != null ? b.launcher : PosixProcessLauncher.create();
    Mood mood = new Mood();
    EventDispatcher pools = new EventDispatcher(table, loop, b.eventSerials);
    this.publisher = new SnapshotPublisher(table, mood, time, events, pools);
    this.activityLog = b.activityLog;
    this.coordinator = new StartStopCoordinator(loop, b.activityLog, table, mood, publisher);
    this.probes = b.probes != null ? b.probes : new NioProbeTransport();
    ProcessServices services = new ProcessServices(loop, launcher, b.activityLog,
        new ChildEnvironment(b.systemEnvironment, b.environment, b.serverUrl), mood, probes, b.random,
        this::exitRequested);
    this.autoLogNames = new AutoLogNames(b.childLogDir, b.identifier, b.random);
    ProcessFactory factory = new ProcessFactory(services, coordinator, autoLogNames, b.identifier, pools::wantDispatch);
    this.processCommands = new ProcessCommands(table, mood, coordinator, loop);
    this.watching = b.fileWatching != null ? b.fileWatching : new JdkFileWatching();
    RestartOnChangeWatch.Context changes = new RestartOnChangeWatch.Context(loop, watching, b.activityLog,
        new CommandRunner(services), processCommands, mood, coordinator);
    factory.attachExtras(p -> {
      RestartOnChangeWatch.attach(changes, p);
      CronStarter.attach(loop, b.activityLog, processCommands, mood, p);
    });
    for (GroupSpec g : groups) {
      table.add(factory.create(g));
    }
    this.groupCommands = new GroupCommands(table, mood, coordinator, processCommands, factory, publisher);
    this.logCommands = new LogCommands(table, mood, loop, b.activityLog, logChores);
    this.calls = new LoopCalls(loop);
    publisher.afterBatch();
    loop.afterBatch(publisher::afterBatch);
  }

  /** A builder with defaults: real clocks, the POSIX launcher, no groups, identifier {@code supervisor}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the AUTO log files named so far (empty, mode 0600, as supervisord when it adds a group),
   * then starts the loop and the autostart processes, in priority and {@code depends_on} order. With a
   * hand-stepped loop (tests) the start-up runs on the calling thread.
   *
   * @throws IllegalStateException if already started or stopped
   */
  public void startAsync() {
    if (stopping.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("supervisor was already " + (stopping.get() ? "stopped" : "started"));
    }
    // announced before the loop starts, so no client ever sees the pre-start state once
    // startAsync has returned (supervisord is RUNNING from its first request on)
    coordinator.announce();
    if (manualLoop) {
      autoLogNames.startCreating();
      coordinator.autostart();
    } else {
      loop.start(() -> {
        autoLogNames.startCreating();
        coordinator.autostart();
      });
    }
  }

  /**
   * Shuts down: stops every process in reverse start order (escalating to SIGKILL after
   * stopwaitsecs), then ends the loop. The future completes when everything has stopped. Any
   * thread; repeated calls return the same future.
   */
  public CompletableFuture<Void> stopAsync() {
    if (!stopping.compareAndSet(false, true)) {
      return terminated;
    }
    if (!started.get()) {
      finish();
      return terminated;
    }
    try {
      loop.execute(() -> coordinator.shutdown(this::finish));
    } catch (RejectedExecutionException e) {
      finish();
    }
    return terminated;
  }

  /** Last step of a shutdown, on the loop thread (or the caller's if the loop never ran). */
  private void finish() {
    ControlException gone = new ControlException(ControlException.Reason.SHUTDOWN_STATE, "");
    for (SupervisedProcess p : table.processes()) {
      p.dispose(gone);
    }
    loop.requestStop();
    if (ownsLauncher) {
      launcher.close();
    }
    logChores.shutdown();
    probes.close();
    watching.close();
    calls.whenPublished(() -> terminated.complete(null));
  }

  /**
   * Waits for {@link #stopAsync()} to finish, on the calling thread.
   *
   * @throws TimeoutException if it did not finish within {@code timeout}
   * @throws InterruptedException if interrupted while waiting (the interrupt flag is restored)
   */
  public void awaitTerminated(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("shutdown failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** A program's exit policy fired (loop thread): the first request wins and everything is shut down. */
  private void exitRequested(ExitRequest request) {
    if (exitRequest.complete(request)) {
      stopAsync();
    }
  }

  /**
   * Completes (on the loop thread) when a program's exit policy ({@link HealthSpec.ExitPolicy}) asks
   * for the embedder's exit; the supervisor then shuts itself down, and the embedder should exit
   * with {@link ExitRequest#exitCode()}. Never completes without such a policy. Any thread.
   */
  public CompletableFuture<ExitRequest> exitRequest() {
    return exitRequest;
  }

  /**
   * Completes (on the loop thread) once start-up has settled: every autostart process of the initial
   * groups is RUNNING or has stopped trying (FATAL, EXITED, STOPPED: no BACKOFF retry or restart
   * pending, none held back by {@code depends_on}), or the shutdown began first. What sd_notify's
   * READY=1 waits for. Any thread; never fails.
   */
  public CompletableFuture<Void> startupSettled() {
    return coordinator.startupSettled();
  }

  /** The latest snapshot, with {@code now} set to the current wall time; never blocks. Any thread. */
  public SupervisorSnapshot snapshot() {
    return publisher.snapshot(time.now());
  }

  /**
   * Completes once the process is in one of the given states (at once if it already is), with its
   * info at that moment; the snapshot read after completion shows that state or a later one. Fails
   * with BAD_NAME for an unknown name or when its group is removed first, SHUTDOWN_STATE when the
   * supervisor terminates first. Never times out by itself: bound it with {@code get(timeout)} or
   * {@link CompletableFuture#orTimeout}. Any thread; works in every supervisor state.
   */
  public CompletableFuture<ProcessInfo> awaitState(ProcessName name, ProcessState state, ProcessState... more) {
    Set<ProcessState> states = EnumSet.of(state, more);
    return calls.call(() -> processCommands.awaitState(name, states));
  }

  /**
   * Starts one process. With {@code wait}, the future completes once it is RUNNING (after
   * startsecs), or fails with SPAWN_ERROR / ABNORMAL_TERMINATION; without, once it was spawned.
   * Immediate failures: BAD_NAME, ALREADY_STARTED, NO_FILE, NOT_EXECUTABLE, FAILED, SPAWN_ERROR,
   * SHUTDOWN_STATE.
   */
  public CompletableFuture<ProcessInfo> start(ProcessName name, boolean wait) {
    return calls.call(() -> processCommands.start(name, wait));
  }

  /**
   * Stops one process (BAD_NAME, NOT_RUNNING, FAILED when the signal could not be sent). With
   * {@code wait}, completes when it is stopped; without, once the stop signal was sent.
   */
  public CompletableFuture<ProcessInfo> stop(ProcessName name, boolean wait) {
    return calls.call(() -> processCommands.stop(name, wait));
  }

  /** Starts the members of a group that are not running, in order; one result per member started. */
  public CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait) {
    return calls.call(() -> groupCommands.startGroup(group, wait));
  }

  /** Starts every process that is not running, in start order. */
  public CompletableFuture<List<ProcessResult>> startAll(boolean wait) {
    return calls.call(() -> groupCommands.startAll(wait));
  }

  /** Stops the running members of a group; one result per member stopped. */
  public CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait) {
    return calls.call(() -> groupCommands.stopGroup(group, wait));
  }

  /** Stops every running process: all are signalled at once, in stop order. */
  public CompletableFuture<List<ProcessResult>> stopAll(boolean wait) {
    return calls.call(() -> groupCommands.stopAll(wait));
  }

  /** Sends a signal to one process (BAD_NAME, NOT_RUNNING, FAILED); its state does not change. */
  public CompletableFuture<Void> signal(ProcessName name, Signal signal) {
    return calls.call(() -> {
      processCommands.signal(name, signal);
      return CompletableFuture.completedFuture(null);
    });
  }

  /** Signals the signallable members of a group. */
  public CompletableFuture<List<ProcessResult>> signalGroup(String group, Signal signal) {
    return calls.call(() -> CompletableFuture.completedFuture(groupCommands.signalGroup(group, signal)));
  }

  /** Signals every signallable process. */
  public CompletableFuture<List<ProcessResult>> signalAll(Signal signal) {
    return calls.call(() -> CompletableFuture.completedFuture(groupCommands.signalAll(signal)));
  }

  /**
   * Writes to a process's stdin (BAD_NAME, NOT_RUNNING, NO_FILE when stdin is closed or the write
   * fails at once, FAILED when the child already has {@link ChildProcess#STDIN_BUFFER_BYTES} waiting
   * that it has not read). As supervisord, the future completes once the bytes are accepted: what
   * the pipe does not take at once waits in the child's bounded buffer and is written by the I/O
   * thread as the child reads; a later failure of that write (the child closed stdin or exited) is
   * logged, as supervisord's dispatcher does. Never blocks anyone.
   */
  public CompletableFuture<Void> sendStdin(ProcessName name, byte[] data) {
    byte[] copy = data.clone();
    return calls.call(() -> {
      ChildProcess child = processCommands.stdinTarget(name);
      CompletableFuture<Void> result = new CompletableFuture<>();
      AtomicBoolean accepted = new AtomicBoolean();
      child.writeStdinAsync(copy, failure -> {
        if (failure == null) {
          result.complete(null);
        } else if (accepted.get()) {
          activityLog.log(LogLevel.WARN, "stdin of " + name.namespec() + ": " + failure.getMessage()
              + "; " + copy.length + " bytes sent with sendProcessStdin were not delivered");
        } else if (failure instanceof StdinFullException full) {
          result.completeExceptionally(new ControlException(ControlException.Reason.FAILED,
              name.namespec() + ": stdin buffer full (" + full.waiting() + " bytes not yet read)"));
        } else {
          result.completeExceptionally(new ControlException(ControlException.Reason.NO_FILE, name.namespec()));
        }
      });
      accepted.set(true); // not done by now: queued for the I/O thread, which is as good as written
      result.complete(null);
      return result;
    });
  }

  /**
   * Activates a group; its autostart members start (ALREADY_ADDED if a group of that name is active;
   * IllegalArgumentException for an unknown dependency or a cycle).
   */
  public CompletableFuture<Void> addGroup(GroupSpec group) {
    return calls.call(() -> {
      groupCommands.addGroup(group);
      return CompletableFuture.completedFuture(null);
    });
  }

  /**
   * Brings the active group of {@code group}'s name to that spec, restarting only the members
   * whose own configuration changed (numprocs up or down adds or removes only the surplus), or with
   * {@link UpdateGrain#GROUP} the whole group as supervisord's update does; see {@link GroupChange}. The
   * future completes, with what was done, once the replaced members have stopped and the new ones
   * with autostart have been started (not waiting for RUNNING). Fails with BAD_NAME if the group is
   * not active, IllegalArgumentException for an unknown dependency or a cycle, STILL_RUNNING if a
   * member to replace was started again meanwhile; nothing is replaced then.
   */
  public CompletableFuture<GroupChange> updateGroup(GroupSpec group, UpdateGrain grain) {
    return calls.call(() -> groupCommands.updateGroup(group, grain == UpdateGrain.GROUP));
  }

  /** Removes a group whose members are all stopped (BAD_NAME, STILL_RUNNING). */
  public CompletableFuture<Void> removeGroup(String group) {
    return calls.call(() -> {
      groupCommands.removeGroup(group);
      return CompletableFuture.completedFuture(null);
    });
  }

  /**
   * The log file of one channel of a process, if it has one (BAD_NAME for unknown names). Reads
   * the snapshot; any thread.
   */
  public Optional<Path> logFile(ProcessName name, Channel channel) throws ControlException {
    ProcessInfo info = snapshot().process(name)
        .orElseThrow(() -> new ControlException(ControlException.Reason.BAD_NAME, name.namespec()));
    String file = channel == Channel.STDOUT ? info.stdoutLogfile() : info.stderrLogfile();
    return file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
  }

  /** Deletes and reopens both log files of a process (backups untouched); FAILED on I/O errors. */
  public CompletableFuture<Void> clearLogs(ProcessName name) {
    return calls.call(() -> logCommands.clear(name));
  }

  /** Clears the logs of every process; one result per process, in name order. */
  public CompletableFuture<List<ProcessResult>> clearAllLogs() {
    return calls.call(logCommands::clearAll);
  }

  /**
   * Emits a {@link SupervisorEvent.RemoteCommunication} to the listeners, in order with the other
   * events (supervisord's {@code sendRemoteCommEvent}). Any thread; ignored once terminated.
   */
  public void publishRemoteCommunication(String type, String data) {
    SupervisorEvent event = new SupervisorEvent.RemoteCommunication(
        Objects.requireNonNull(type, "type"), Objects.requireNonNull(data, "data"));
    calls.post(() -> publisher.publish(event));
  }

  /** Reopens every log file (after an external logrotate; SIGUSR2); failures go to the activity log. */
  public void reopenLogs() {
    calls.post(logCommands::reopenAll);
  }

  /**
   * Registers a listener; events are delivered on {@code executor}, one at a time and in order,
   * starting with the next batch of loop work. Any thread.
   */
  public void addListener(SupervisorListener listener, Executor executor) {
    events.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
  }

  /** Configures a {@link Supervisor}. Not thread-safe; build once. */
  public static final class Builder {
    private TimeSource timeSource = SystemTimeSource.INSTANCE;
    private ProcessLauncher launcher;
    private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
    private String identifier = "supervisor";
    private Path childLogDir = Path.of(System.getProperty("java.io.tmpdir"));
    private Map<String, String> environment = Map.of();
    private String serverUrl;
    private ActivityLog activityLog = ActivityLog.NONE;
    private SupervisorLoop loop;
    private Map<String, String> systemEnvironment = System.getenv();
    private RandomGenerator random = new SplittableRandom();
    private ProbeTransport probes;
    private java.util.concurrent.atomic.AtomicLong eventSerials = new java.util.concurrent.atomic.AtomicLong(-1);
    private FileWatching fileWatching;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /** The clocks (default: {@link SystemTimeSource}). */
    public Builder timeSource(TimeSource timeSource) {
      once("timeSource");
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /** The launcher (default: the POSIX launcher, created by {@link #build()} and closed at shutdown). */
    public Builder launcher(ProcessLauncher launcher) {
      once("launcher");
      this.launcher = Objects.requireNonNull(launcher, "launcher");
      return this;
    }

    /** Adds a group that is active from the start; IllegalArgumentException for a repeated name. */
    public Builder group(GroupSpec group) {
      if (groups.putIfAbsent(group.name(), group) != null) {
        throw new IllegalArgumentException("a group named " + group.name() + " was already added");
      }
      return this;
    }

    /**
     * {@code [supervisord] identifier}, used in AUTO log names and as {@code server:} in the
     * envelopes listeners receive (default {@code supervisor}).
     */
    public Builder identifier(String identifier) {
      once("identifier");
      this.identifier = Objects.requireNonNull(identifier, "identifier");
      return this;
    }

    /** Directory for AUTO log files (default: {@code java.io.tmpdir}). */
    public Builder childLogDir(Path dir) {
      once("childLogDir");
      this.childLogDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** {@code [supervisord] environment}: added to every child after the SUPERVISOR_* variables. */
    public Builder environment(Map<String, String> environment) {
      once("environment");
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** The {@code SUPERVISOR_SERVER_URL} given to children (none by default). */
    public Builder serverUrl(String url) {
      once("serverUrl");
      this.serverUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Where activity messages go (default: nowhere). */
    public Builder activityLog(ActivityLog log) {
      once("activityLog");
      this.activityLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Tests: a loop stepped by hand (its time source must be the builder's). */
    Builder loop(SupervisorLoop loop) {
      once("loop");
      this.loop = loop;
      return this;
    }

    /** Tests: the environment children inherit instead of {@link System#getenv()}. */
    Builder systemEnvironment(Map<String, String> env) {
      once("systemEnvironment");
      this.systemEnvironment = Map.copyOf(env);
      return this;
    }

    /** Tests: how TCP and HTTP probe attempts run (default: {@link NioProbeTransport}). */
    Builder probes(ProbeTransport probes) {
      once("probes");
      this.probes = probes;
      return this;
    }

    /** Tests: where file-change notifications come from (default: the JDK's WatchService). */
    Builder fileWatching(FileWatching watching) {
      once("fileWatching");
      this.fileWatching = watching;
      return this;
    }

    /**
     * Where the global serial of events sent to listener pools is kept: holds the last serial given
     * (-1 before the first). A daemon passes the same counter to the supervisor of every reload, so
     * serials go on counting as supervisord's do (its GlobalSerial lives as long as the process).
     * Default: a new counter. The supervisor's loop thread updates it.
     */
    public Builder eventSerials(java.util.concurrent.atomic.AtomicLong lastSerial) {
      once("eventSerials");
      this.eventSerials = Objects.requireNonNull(lastSerial, "lastSerial");
      return this;
    }

    /** Tests: the source of AUTO log name suffixes and of the restart backoff's jitter. */
    Builder random(RandomGenerator random) {
      once("random");
      this.random = random;
      return this;
    }

    /** Builds the supervisor; throws IllegalArgumentException on a depends_on cycle or unknown name. */
    public Supervisor build() {
      List<GroupSpec> list = new ArrayList<>(groups.values());
      StartOrder.of(list);
      if (loop != null && loop.time() != timeSource) {
        throw new IllegalStateException("the loop's time source is not the builder's");
      }
      return new Supervisor(this, list);
    }
  }
}
