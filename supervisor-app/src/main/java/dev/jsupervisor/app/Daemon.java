package dev.jsupervisor.app;

import dev.jsupervisor.config.ConfigException;
import dev.jsupervisor.config.ConfigLoader;
import dev.jsupervisor.config.SupervisordConf;
import dev.jsupervisor.core.ExitRequest;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.UpdateGrain;
import dev.jsupervisor.rpc.DaemonControl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The running daemon: owns the main log, the pidfile and the current {@link Generation} (engine +
 * HTTP servers, rebuilt on reload). The main thread runs {@link #run()} and executes every
 * daemon-level request (shutdown, reload, log reopen) in order; signal handlers and RPC calls only
 * queue requests, so a request can never interleave with another. The main thread also does the
 * daemon's timed work (reaping orphans, READY=1 at its deadline): the daemon has no timer thread.
 */
final class Daemon implements DaemonControl {

  /** A start-up failure; the message is printed after {@code Error: } and the daemon exits 2. */
  static final class StartupException extends Exception {
    StartupException(String message) {
      super(message);
    }
  }

  private enum Request { SHUTDOWN, RELOAD, REOPEN_LOGS, STARTUP_SETTLED }

  private final Path configFile;
  private final Options options;
  private final PosixSystem os = new PosixSystem();
  /** supervisord's GlobalSerial: the last serial of an event sent to a listener pool, kept across reloads. */
  private final java.util.concurrent.atomic.AtomicLong eventSerials = new java.util.concurrent.atomic.AtomicLong(-1);
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  /** The signalfd the main thread waits on (and {@link #post} wakes); null when the JVM kept its signals. */
  private volatile SignalFdReader signals;
  private final Signals.Sink sink = requestSink();
  /** Main thread: when orphans are looked for next ({@link #serve}). */
  private long nextReap;
  private volatile SupervisordConf conf;
  /** {@link #conf} with the command-line options laid over it; replaced together with it. */
  private volatile Settings settings;
  private volatile List<GroupSpec> configuredGroups;
  private volatile Generation generation;
  private MainLog log;
  /** Written once the servers listen; null before (a failed start touches no pidfile). Main thread. */
  private PidFile pidFile;
  /** Set by a program's exit policy (HealthSpec.ExitPolicy): the status {@link #run()} returns. */
  private volatile ExitRequest exitRequest;
  /** sd_notify to systemd when NOTIFY_SOCKET is set; created with the main log. */
  private DaemonNotify notify;
  /** Generations whose start-up settled (added by the engine's completion, drained by the main thread). */
  private final java.util.Queue<Generation> settled = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Main thread: whether READY=1 went out for the current generation, and when it goes out at the latest. */
  private boolean readySent = true;
  private long readyDeadline;

  Daemon(Path configFile, Options options, SupervisordConf conf) {
    this.configFile = configFile;
    this.options = options;
    this.conf = StripAnsiOption.apply(conf, options.stripAnsi());
    this.configuredGroups = this.conf.groups();
  }

  /** Runs until shutdown; returns the exit status. */
  int run() throws StartupException {
    Settings settings = Settings.of(conf, options);
    this.settings = settings;
    try {
      log = new MainLog(settings.logfile(), settings.logfileMaxbytes(), settings.logfileBackups(),
          settings.loglevel(), settings.logfileSyslog(), !settings.silent(), settings.logFormat());
    } catch (IOException e) {
      throw new StartupException("could not open the log file: " + e.getMessage());
    }
    notify = DaemonNotify.fromEnvironment(System.getenv(), log);
    conf.warnings().forEach(w -> log.log(LogLevel.WARN, w));
    conf.infos().forEach(i -> log.log(LogLevel.INFO, i));
    if (options.detached() && Detacher.launchedFrom().isPresent()) { // Detacher started us in the directory
      log.log(LogLevel.INFO, "set current directory: "
          + dev.jsupervisor.config.values.PythonRepr.of(Path.of("").toAbsolutePath().toString()));
    }
    options.profileOptions().ifPresent(p -> log.log(LogLevel.WARN, "--profile_options is ignored: there is no profiler"));
    prepareProcess(settings);
    OrphanReaper reaper = new OrphanReaper(os, this::programPids);
    signals = Signals.install(sink, log);
    try {
      // Only once the sockets are ours: a second daemon started on the same config fails to bind
      // and must leave the running one's pidfile and AUTO logs alone.
      generation = Generation.start(conf, settings, this, log, eventSerials, () -> {
        listening(settings);
        if (options.detached()) {
          Detacher.reportReady(os);
        }
      });
    } catch (StartupException e) {
      log.close();
      throw e;
    }
    watchExitPolicy(generation);
    notifyWhenSettled(generation);
    serve(reaper);
    notify.stopping();
    generation.stop(log);
    int orphans = reaper.terminateOrphans();
    if (orphans > 0) {
      log.log(LogLevel.WARN, "terminated " + orphans + " orphaned descendant process(es)");
    }
    if (pidFile != null) {
      pidFile.remove();
    }
    ExitRequest exit = exitRequest;
    if (exit != null) {
      log.log(LogLevel.WARN, "exiting with status " + exit.exitCode() + " by the exit policy of "
          + exit.name().namespec());
    }
    log.close();
    return exit == null ? 0 : exit.exitCode();
  }

  /**
   * READY=1 once the generation's autostart programs are up (or done trying), or after
   * {@link #READY_AT_LATEST} (below systemd's default start timeout of 90 s, which would otherwise kill a
   * daemon whose dependent waits for a dependency that never gets healthy). The main thread sends it
   * ({@link #serve}); this only arms the deadline and queues the settled generation.
   */
  private void notifyWhenSettled(Generation g) {
    readySent = false;
    readyDeadline = System.nanoTime() + READY_AT_LATEST.toNanos();
    g.supervisor().startupSettled().thenRun(() -> {
      settled.add(g);
      post(Request.STARTUP_SETTLED);
    });
  }

  /** On the main thread: READY=1 for the current generation, once. */
  private void sendReady(boolean settledInTime) {
    if (readySent) {
      return;
    }
    readySent = true;
    if (!settledInTime) {
      log.log(LogLevel.WARN, "start-up has not settled after " + READY_AT_LATEST.toSeconds()
          + " s (a program is still starting or waiting for a dependency); telling systemd READY=1");
    }
    notify.ready(os.pid());
  }

  private static final java.time.Duration READY_AT_LATEST = java.time.Duration.ofSeconds(80);

  /** A program's exit policy shuts the daemon down with its status (the engine stops itself). */
  private void watchExitPolicy(Generation g) {
    g.supervisor().exitRequest().thenAccept(r -> {
      exitRequest = r;
      post(Request.SHUTDOWN);
    });
  }

  /** Queues a request for the main thread and wakes it. Any thread. */
  private void post(Request r) {
    requests.add(r);
    SignalFdReader s = signals;
    if (s != null) {
      s.wake();
    }
  }

  /**
   * The main thread's loop: executes the queued requests in order and, between them, the daemon's
   * timed work (orphan zombies, READY=1 at its deadline), so that none of it needs a thread of its
   * own. With the signals taken over it also reads them here, and looks for orphan zombies when a
   * SIGCHLD came (and once more a second later while one was seen only once); otherwise every
   * {@link #REAP_EVERY}. Returns on SHUTDOWN.
   */
  private void serve(OrphanReaper reaper) {
    nextReap = System.nanoTime() + REAP_EVERY.toNanos();
    while (true) {
      long now = System.nanoTime();
      long until = readySent ? nextReap : Math.min(nextReap, readyDeadline);
      Request r;
      try {
        r = nextRequest(Math.max(0, until - now));
      } catch (InterruptedException e) {
        return;
      }
      now = System.nanoTime();
      if (now - nextReap >= 0) {
        boolean lookAgain = reaper.reapZombies();
        nextReap = now + (signals == null || lookAgain ? REAP_EVERY : REAP_SAFETY_NET).toNanos();
      }
      if (!readySent && now - readyDeadline >= 0) {
        sendReady(false);
      }
      if (r == null) {
        continue;
      }
      switch (r) {
        case SHUTDOWN -> {
          return;
        }
        case REOPEN_LOGS -> reopenLogs();
        case RELOAD -> reload();
        case STARTUP_SETTLED -> {
          for (Generation g; (g = settled.poll()) != null; ) {
            if (g == generation) { // not one a reload has stopped meanwhile
              sendReady(true);
            }
          }
        }
      }
    }
  }

  /** The next queued request, waiting up to {@code nanos} (reading signals meanwhile); null if none. */
  private Request nextRequest(long nanos) throws InterruptedException {
    if (signals == null) {
      return requests.poll(nanos, TimeUnit.NANOSECONDS);
    }
    Request r = requests.poll();
    if (r == null) {
      signals.await(nanos, signal -> Signals.handle(signal, sink, log));
      r = requests.poll();
    }
    return r;
  }

  /**
   * How often orphaned zombies (grandchildren re-parented to us) are looked for without SIGCHLD,
   * and how soon again after a scan that saw a zombie for the first time.
   */
  private static final java.time.Duration REAP_EVERY = java.time.Duration.ofSeconds(2);
  /** With SIGCHLD: a storm of exits (a group stopping) is looked at once, this long after the first. */
  private static final java.time.Duration REAP_AFTER_SIGCHLD = java.time.Duration.ofMillis(100);
  /** With SIGCHLD and no zombie waiting for its second look: a safety net only (no SIGCHLD is lost). */
  private static final java.time.Duration REAP_SAFETY_NET = java.time.Duration.ofHours(1);

  private void reload() {
    SupervisordConf fresh;
    try {
      fresh = StripAnsiOption.apply(ConfigLoader.load(configFile), options.stripAnsi());
    } catch (ConfigException e) {
      log.log(LogLevel.ERRO, "could not reload the configuration, keeping the running one: " + e.getMessage());
      return;
    }
    notify.reloading();
    generation.stop(log);
    conf = fresh;
    settings = Settings.of(fresh, options);
    configuredGroups = fresh.groups();
    fresh.warnings().forEach(w -> log.log(LogLevel.WARN, w));
    try {
      generation = Generation.start(fresh, settings, this, log, eventSerials, () -> listening(settings));
      watchExitPolicy(generation);
      notifyWhenSettled(generation);
    } catch (StartupException e) {
      log.log(LogLevel.CRIT, "could not restart after reload: " + e.getMessage());
      post(Request.SHUTDOWN);
    }
  }

  private void reopenLogs() {
    log.log(LogLevel.INFO, "supervisord logreopen");
    try {
      log.reopen();
    } catch (IOException e) {
      log.log(LogLevel.ERRO, "could not reopen the main log: " + e.getMessage());
    }
    generation.supervisor().reopenLogs();
  }

  /**
   * What supervisord does each time its servers are open, at start-up and after every reload:
   * write the pidfile (and say so), clear old AUTO child logs unless nocleanup. Main thread.
   */
  private void listening(Settings settings) {
    if (pidFile != null && !pidFile.path().equals(settings.pidfile())) {
      pidFile.remove(); // a reload moved it
    }
    pidFile = new PidFile(settings.pidfile());
    try {
      pidFile.write(os.pid());
      log.log(LogLevel.INFO, "supervisord started with pid " + os.pid());
    } catch (IOException e) {
      log.log(LogLevel.CRIT, "could not write pidfile " + settings.pidfile());
    }
    if (!settings.nocleanup()) {
      AutoLogCleaner.clean(settings.childlogdir(), settings.identifier(), log);
    }
  }

  private void prepareProcess(Settings settings) throws StartupException {
    if (options.detached()) {
      os.umask(settings.umask()); // supervisord applies umask only when daemonizing
    }
    // limits first: raising a hard limit needs the privileges that switching user gives up
    try {
      os.ensureOpenFiles(settings.minfds()).ifPresent(m -> log.log(LogLevel.INFO, m));
      os.ensureProcesses(settings.minprocs()).ifPresent(m -> log.log(LogLevel.INFO, m));
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage());
    }
    if (settings.user().isPresent()) {
      try {
        os.switchUser(settings.user().get());
      } catch (IllegalStateException e) {
        throw new StartupException(e.getMessage());
      }
    } else if (os.euid() == 0) {
      log.log(LogLevel.CRIT, "Supervisor is running as root.  Privileges were not dropped because no user is "
          + "specified in the config file.  If you intend to run as root, you can set user=root in the "
          + "config file to avoid this message.");
    }
    if (!os.becomeChildSubreaper()) {
      log.log(LogLevel.WARN, "could not become child subreaper: orphaned grandchildren go to init");
    }
  }

  private Set<Integer> programPids() {
    Generation g = generation;
    if (g == null) {
      return Set.of();
    }
    return g.supervisor().snapshot().processes().stream().map(ProcessInfo::pid).filter(p -> p > 0)
        .collect(Collectors.toSet());
  }

  /** Where signal handlers post. */
  private Signals.Sink requestSink() {
    return new Signals.Sink() {
      @Override
      public void shutdown() {
        post(Request.SHUTDOWN);
      }

      @Override
      public void reload() {
        post(Request.RELOAD);
      }

      @Override
      public void reopenLogs() {
        post(Request.REOPEN_LOGS);
      }

      @Override
      public void childExited() { // main thread, from nextRequest
        nextReap = Math.min(nextReap, System.nanoTime() + REAP_AFTER_SIGCHLD.toNanos());
      }
    };
  }

  // ---- DaemonControl, called on HTTP worker threads ----

  @Override
  public String identification() {
    return settings.identifier();
  }

  @Override
  public long pid() {
    return os.pid();
  }

  @Override
  public List<GroupSpec> configuredGroups() {
    return configuredGroups;
  }

  @Override
  public List<GroupSpec> rereadConfig() throws ConfigReadException {
    try {
      SupervisordConf fresh = StripAnsiOption.apply(ConfigLoader.load(configFile), options.stripAnsi());
      configuredGroups = fresh.groups();
      return fresh.groups();
    } catch (ConfigException e) {
      throw new ConfigReadException(e.getMessage());
    }
  }

  @Override
  public List<GroupSpec> readConfig() throws ConfigReadException {
    try {
      return StripAnsiOption.apply(ConfigLoader.load(configFile), options.stripAnsi()).groups();
    } catch (ConfigException e) {
      throw new ConfigReadException(e.getMessage());
    }
  }

  @Override
  public UpdateGrain updateGrain() {
    return conf.supervisord().updateGrain();
  }

  @Override
  public Optional<Path> mainLogFile() {
    return log.file();
  }

  @Override
  public void clearMainLog() throws IOException {
    log.clear();
  }

  @Override
  public void shutdown() {
    log.log(LogLevel.WARN, "received shutdown request via XML-RPC");
    post(Request.SHUTDOWN);
  }

  @Override
  public void restart() {
    log.log(LogLevel.WARN, "received restart request via XML-RPC");
    post(Request.RELOAD);
  }
}
