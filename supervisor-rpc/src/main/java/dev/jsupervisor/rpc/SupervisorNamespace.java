package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.Signal;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.SupervisorState;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The {@code supervisor.*} methods of API 3.0, named as on the wire, with supervisord 4.2.5's checks
 * in supervisord's order. Aliases are registered in {@link SupervisorMethods}.
 *
 * <p>Threading: called on HTTP threads, concurrently. Nothing here locks or waits; reads use the
 * engine's published snapshot, and a command returns a future of its reply that completes when the
 * engine's does ({@link EngineCalls}). Every expected failure is a {@link FaultException} (thrown, or
 * failing the future) with supervisord's code and string.
 */
public final class SupervisorNamespace {

  /** {@code getAPIVersion}; supervisorctl checks it via {@code getVersion}. */
  public static final String API_VERSION = "3.0";

  /**
   * {@code getSupervisorVersion}: the supervisord release whose API and behaviour we reproduce, so
   * that {@code supervisorctl version} prints what its users expect.
   */
  public static final String SUPERVISOR_VERSION = "4.2.5";

  private final Supervisor supervisor;
  private final DaemonControl daemon;
  private final EngineCalls engine;
  private final ProcessLogs logs;
  private final ZoneId zone;
  private volatile boolean leavingRunning;

  SupervisorNamespace(Supervisor supervisor, DaemonControl daemon, EngineCalls engine, ZoneId zone) {
    this.supervisor = supervisor;
    this.daemon = daemon;
    this.engine = engine;
    this.logs = new ProcessLogs(supervisor, daemon);
    this.zone = zone;
  }

  /**
   * supervisord's mood check: while shutting down or restarting every method but
   * sendRemoteCommEvent fails with SHUTDOWN_STATE. A shutdown or restart asked for over RPC counts
   * at once, before the engine has published the new state, as supervisord's mood changes at once
   * (the daemon builds a new dispatcher after a reload).
   */
  SupervisorSnapshot checkMood() throws FaultException {
    SupervisorSnapshot snap = supervisor.snapshot();
    if (leavingRunning || snap.state() == SupervisorState.RESTARTING
        || snap.state() == SupervisorState.SHUTDOWN) {
      throw new FaultException(Fault.SHUTDOWN_STATE);
    }
    return snap;
  }

  // ---- daemon ------------------------------------------------------------------------------

  /** {@code "3.0"}. */
  public String getAPIVersion() throws FaultException {
    checkMood();
    return API_VERSION;
  }

  /** {@code "4.2.5"}, see {@link #SUPERVISOR_VERSION}. */
  public String getSupervisorVersion() throws FaultException {
    checkMood();
    return SUPERVISOR_VERSION;
  }

  /** {@code [supervisord] identifier}. */
  public String getIdentification() throws FaultException {
    checkMood();
    return daemon.identification();
  }

  /** {@code {statecode, statename}}. */
  public Map<String, Object> getState() throws FaultException {
    return ProcessInfoMarshaller.state(checkMood().state());
  }

  /** The daemon's pid. */
  public int getPID() throws FaultException {
    checkMood();
    return ProcessInfoMarshaller.cappedInt(daemon.pid());
  }

  /** A slice of the main log; NO_FILE without one. */
  public String readLog(long offset, long length) throws FaultException {
    checkMood();
    return logs.readMain(offset, length);
  }

  /** Deletes and reopens the main log; NO_FILE without one, FAILED on I/O errors. */
  public boolean clearLog() throws FaultException {
    checkMood();
    logs.clearMain();
    return true;
  }

  /** Begins a shutdown and returns at once; later calls get SHUTDOWN_STATE. */
  public boolean shutdown() throws FaultException {
    checkMood();
    leavingRunning = true;
    daemon.shutdown();
    return true;
  }

  /** Begins a reload and returns at once; later calls get SHUTDOWN_STATE. */
  public boolean restart() throws FaultException {
    checkMood();
    leavingRunning = true;
    daemon.restart();
    return true;
  }

  /** Rereads the config: {@code [[added, changed, removed]]} group names; CANT_REREAD on errors. */
  public List<Object> reloadConfig() throws FaultException {
    SupervisorSnapshot snap = checkMood();
    List<GroupSpec> configured;
    try {
      configured = daemon.rereadConfig();
    } catch (DaemonControl.ConfigReadException e) {
      throw new FaultException(Fault.CANT_REREAD, e.getMessage());
    }
    GroupDiff d = GroupDiff.between(configured, snap.groups());
    return List.of(List.of(d.added(), d.changed(), d.removed()));
  }

  /** Activates a configured group (BAD_NAME if not configured, ALREADY_ADDED if active). */
  public CompletableFuture<Boolean> addProcessGroup(String name) throws FaultException {
    checkMood();
    for (GroupSpec g : daemon.configuredGroups()) {
      if (g.name().equals(name)) {
        return done(supervisor.addGroup(g));
      }
    }
    throw new FaultException(Fault.BAD_NAME, name);
  }

  /** Removes an active, fully stopped group (BAD_NAME, STILL_RUNNING: the engine's checks). */
  public CompletableFuture<Boolean> removeProcessGroup(String name) throws FaultException {
    checkMood();
    return done(supervisor.removeGroup(name));
  }

  // ---- start / stop ------------------------------------------------------------------------

  /** Starts one process ({@code true}) or, for {@code group:*}, a group (result structs). */
  public CompletableFuture<?> startProcess(String name, boolean wait) throws FaultException {
    SupervisorSnapshot snap = checkMood();
    Namespec ns = resolve(snap, name);
    if (ns.isGroup()) {
      return startProcessGroup(ns.group(), wait);
    }
    ProcessName pn = new ProcessName(ns.group(), ns.process());
    return done(asPassed(name, pn, supervisor.start(pn, wait)));
  }

  /** Starts the group's members that are not running; one result struct per member started. */
  public CompletableFuture<List<Map<String, Object>>> startProcessGroup(String name, boolean wait)
      throws FaultException {
    requireGroup(checkMood(), name);
    return results(supervisor.startGroup(name, wait));
  }

  /** Starts every process that is not running, in priority order. */
  public CompletableFuture<List<Map<String, Object>>> startAllProcesses(boolean wait) throws FaultException {
    checkMood();
    return results(supervisor.startAll(wait));
  }

  /** Stops one process ({@code true}) or, for {@code group:*}, a group (result structs). */
  public CompletableFuture<?> stopProcess(String name, boolean wait) throws FaultException {
    SupervisorSnapshot snap = checkMood();
    Namespec ns = resolve(snap, name);
    if (ns.isGroup()) {
      return stopProcessGroup(ns.group(), wait);
    }
    ProcessName pn = new ProcessName(ns.group(), ns.process());
    return done(asPassed(name, pn, supervisor.stop(pn, wait)));
  }

  /** Stops the group's running members; one result struct per member stopped. */
  public CompletableFuture<List<Map<String, Object>>> stopProcessGroup(String name, boolean wait)
      throws FaultException {
    requireGroup(checkMood(), name);
    return results(supervisor.stopGroup(name, wait));
  }

  /** Stops every running process. */
  public CompletableFuture<List<Map<String, Object>>> stopAllProcesses(boolean wait) throws FaultException {
    checkMood();
    return results(supervisor.stopAll(wait));
  }

  // ---- signals -----------------------------------------------------------------------------

  /** Signals one process ({@code true}) or, for {@code group:*}, a group; name or number. */
  public CompletableFuture<?> signalProcess(String name, Object signal) throws FaultException {
    SupervisorSnapshot snap = checkMood();
    Namespec ns = resolve(snap, name);
    if (ns.isGroup()) {
      return signalProcessGroup(ns.group(), signal);
    }
    Signal sig = parseSignal(signal).orElseThrow(() -> badSignal(signal));
    ProcessName pn = new ProcessName(ns.group(), ns.process());
    return done(asPassed(name, pn, supervisor.signal(pn, sig)));
  }

  /** Signals the group's signallable members (supervisord checks the mood, the name, and the mood again after). */
  public CompletableFuture<List<Map<String, Object>>> signalProcessGroup(String name, Object signal)
      throws FaultException {
    SupervisorSnapshot snap = checkMood();
    GroupSpec group = requireGroup(snap, name);
    Optional<Signal> sig = parseSignal(signal);
    CompletableFuture<List<Map<String, Object>>> out = sig.isPresent()
        ? results(supervisor.signalGroup(name, sig.get()))
        : CompletableFuture.completedFuture(badSignalResults(snap, List.of(group), signal));
    return moodAfter(out);
  }

  /** Signals every signallable process (supervisord checks the mood only afterwards). */
  public CompletableFuture<List<Map<String, Object>>> signalAllProcesses(Object signal) {
    Optional<Signal> sig = parseSignal(signal);
    CompletableFuture<List<Map<String, Object>>> out;
    if (sig.isPresent()) {
      out = results(supervisor.signalAll(sig.get()));
    } else {
      SupervisorSnapshot snap = supervisor.snapshot();
      List<GroupSpec> groups = new ArrayList<>(snap.groups());
      groups.sort(Comparator.comparingInt(GroupSpec::priority));
      out = CompletableFuture.completedFuture(badSignalResults(snap, groups, signal));
    }
    return moodAfter(out);
  }

  private <T> CompletableFuture<T> moodAfter(CompletableFuture<T> reply) {
    return engine.then(reply, v -> {
      checkMood();
      return v;
    });
  }

  // ---- process info ------------------------------------------------------------------------

  /** The ProcessInfo struct; BAD_NAME for unknown names and for {@code group:*}. */
  public Map<String, Object> getProcessInfo(String name) throws FaultException {
    SupervisorSnapshot snap = checkMood();
    ProcessName pn = processName(snap, name);
    ProcessInfo info = snap.process(pn).orElseThrow(() -> new FaultException(Fault.BAD_NAME, name));
    return ProcessInfoMarshaller.processInfo(info, zone);
  }

  /** Every process, sorted by group name then process name. */
  public List<Map<String, Object>> getAllProcessInfo() throws FaultException {
    SupervisorSnapshot snap = checkMood();
    List<Map<String, Object>> out = new ArrayList<>();
    snap.processes().stream().sorted(Comparator.comparing(ProcessInfo::name))
        .forEach(p -> out.add(ProcessInfoMarshaller.processInfo(p, zone)));
    return out;
  }

  /** One ConfigInfo struct per configured process, active or not. */
  public List<Map<String, Object>> getAllConfigInfo() throws FaultException {
    return ConfigInfoMarshaller.configInfo(daemon.configuredGroups(), checkMood());
  }

  // ---- process logs ------------------------------------------------------------------------

  /** A slice of a process's stdout log. */
  public String readProcessStdoutLog(String name, long offset, long length) throws FaultException {
    return logs.read(processName(checkMood(), name), Channel.STDOUT, offset, length);
  }

  /** A slice of a process's stderr log. */
  public String readProcessStderrLog(String name, long offset, long length) throws FaultException {
    return logs.read(processName(checkMood(), name), Channel.STDERR, offset, length);
  }

  /** {@code [bytes, offset, overflow]} of a process's stdout log. */
  public List<Object> tailProcessStdoutLog(String name, long offset, long length) throws FaultException {
    return logs.tail(processName(checkMood(), name), Channel.STDOUT, offset, length);
  }

  /** {@code [bytes, offset, overflow]} of a process's stderr log. */
  public List<Object> tailProcessStderrLog(String name, long offset, long length) throws FaultException {
    return logs.tail(processName(checkMood(), name), Channel.STDERR, offset, length);
  }

  /** Deletes and reopens both logs of a process; FAILED: name on I/O errors. */
  public CompletableFuture<Boolean> clearProcessLogs(String name) throws FaultException {
    ProcessName pn = processName(checkMood(), name);
    CompletableFuture<Void> cleared = supervisor.clearLogs(pn).exceptionallyCompose(e -> {
      FaultException f = engine.fault(e);
      return CompletableFuture.failedFuture(f.fault() == Fault.FAILED ? new FaultException(Fault.FAILED, name) : f);
    });
    return done(cleared);
  }

  /** Clears the logs of every process; one result struct each. */
  public CompletableFuture<List<Map<String, Object>>> clearAllProcessLogs() throws FaultException {
    checkMood();
    return results(supervisor.clearAllLogs());
  }

  // ---- communication -----------------------------------------------------------------------

  /** Writes {@code chars} (UTF-8) to a process's stdin; INCORRECT_PARAMETERS unless a string. */
  public CompletableFuture<Boolean> sendProcessStdin(String name, Object chars) throws FaultException {
    SupervisorSnapshot snap = checkMood();
    if (!(chars instanceof String text)) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS, Params.pythonStr(chars));
    }
    ProcessName pn = processName(snap, name);
    return done(asPassed(name, pn, supervisor.sendStdin(pn, text.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * Emits a REMOTE_COMMUNICATION event to the engine's listeners (no mood check, as in
   * supervisord). Event-listener processes ({@code [eventlistener:x]}) do not exist yet.
   */
  public boolean sendRemoteCommEvent(Object type, Object data) throws FaultException {
    if (!isScalar(type) || !isScalar(data)) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS);
    }
    supervisor.publishRemoteCommunication(String.valueOf(type), String.valueOf(data));
    return true;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Integer || v instanceof Boolean || v instanceof Double;
  }

  /** supervisord's {@code _getGroupAndProcess}: the group must be active, and the process in it. */
  private static Namespec resolve(SupervisorSnapshot snap, String name) throws FaultException {
    Namespec ns = Namespec.parse(name);
    Optional<GroupSpec> group = snap.group(ns.group());
    if (group.isEmpty()) {
      throw new FaultException(Fault.BAD_NAME, name);
    }
    if (!ns.isGroup() && group.get().processes().stream().noneMatch(p -> p.name().equals(ns.process()))) {
      throw new FaultException(Fault.BAD_NAME, name);
    }
    return ns;
  }

  /** Resolves a name that must address one process ({@code group:*} is BAD_NAME here). */
  private static ProcessName processName(SupervisorSnapshot snap, String name) throws FaultException {
    Namespec ns = resolve(snap, name);
    if (ns.isGroup()) {
      throw new FaultException(Fault.BAD_NAME, name);
    }
    return new ProcessName(ns.group(), ns.process());
  }

  private static GroupSpec requireGroup(SupervisorSnapshot snap, String name) throws FaultException {
    return snap.group(name).orElseThrow(() -> new FaultException(Fault.BAD_NAME, name));
  }

  /**
   * The engine names a process by its namespec ({@code web}); supervisord's faults carry the name
   * as the client passed it ({@code ALREADY_STARTED: web:web}). Other details stay as they are.
   */
  private static <T> CompletableFuture<T> asPassed(String name, ProcessName pn, CompletableFuture<T> command) {
    return command.exceptionallyCompose(e -> {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ControlException c && c.detail().equals(pn.namespec()) && !name.equals(pn.namespec())) {
        return CompletableFuture.failedFuture(new ControlException(c.reason(), name));
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  /** {@code true} once the engine's command has succeeded. */
  private CompletableFuture<Boolean> done(CompletableFuture<?> command) {
    return engine.then(engine.reply(command), v -> true);
  }

  /** One result struct per process, once the engine's command has them. */
  private CompletableFuture<List<Map<String, Object>>> results(CompletableFuture<List<ProcessResult>> command) {
    return engine.then(engine.reply(command), results -> {
      List<Map<String, Object>> out = new ArrayList<>(results.size());
      results.forEach(r -> out.add(ProcessInfoMarshaller.result(r)));
      return out;
    });
  }

  /** A name ({@code HUP}, {@code sighup}) or number ({@code "1"} or an int), as signal_number reads it. */
  static Optional<Signal> parseSignal(Object signal) {
    if (signal instanceof Integer n) {
      return Signal.ofNumber(n);
    }
    if (signal instanceof String s) {
      return Signal.parse(s);
    }
    return Optional.empty();
  }

  private static FaultException badSignal(Object signal) {
    return new FaultException(Fault.BAD_SIGNAL, Params.pythonStr(signal));
  }

  /** What supervisord returns for an invalid signal: a BAD_SIGNAL result per signallable member. */
  private static List<Map<String, Object>> badSignalResults(
      SupervisorSnapshot snap, List<GroupSpec> groups, Object signal) {
    String text = badSignal(signal).faultString();
    List<Map<String, Object>> out = new ArrayList<>();
    for (GroupSpec g : groups) {
      for (ProcessSpec p : g.processes()) {
        ProcessName pn = g.nameOf(p);
        if (snap.process(pn).map(i -> i.state().isSignallable()).orElse(false)) {
          out.add(ProcessInfoMarshaller.result(pn, Fault.BAD_SIGNAL.code(), text));
        }
      }
    }
    return out;
  }
}
