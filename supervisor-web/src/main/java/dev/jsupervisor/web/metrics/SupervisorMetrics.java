package dev.jsupervisor.web.metrics;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.log.ProcessLog;
import dev.jsupervisor.rpc.SupervisorNamespace;
import dev.jsupervisor.web.rest.SupervisorResource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The supervisor's meters, labelled {@code name} and {@code group} like the Go port's:
 * <ul>
 *   <li>the Go port's gauges {@code node_supervisord_up}, {@code _state}, {@code _exit_status},
 *       {@code _start_time_seconds} (only while RUNNING), so existing dashboards work;
 *   <li>{@code supervisor_info{version,api_version,identifier}} 1;
 *   <li>{@code supervisor_process_state{state}} 1, one series per process labelled with its state
 *       name;
 *   <li>{@code supervisor_process_restarts_total} (every spawn after the first), apart from it
 *       {@code _crash_restarts_total} (automatic restarts after an unexpected exit) and
 *       {@code _start_requests_total} (starts asked for), {@code _spawn_failures_total},
 *       {@code _uptime_seconds}, {@code _cpu_seconds_total} and {@code _resident_memory_bytes} (from
 *       {@code /proc}, while the process has a pid), {@code _log_bytes_total{channel}},
 *       {@code _state_transitions_total{from,to}} (counted from the supervisor's events);
 *   <li>for programs with health probes: {@code supervisor_process_healthy} and
 *       {@code supervisor_process_liveness_restarts_total};
 *   <li>{@code supervisor_state} and {@code supervisor_processes{state}};
 *   <li>{@code supervisor_log_dropped_bytes_total}: output no log target took (ENOSPC...).
 * </ul>
 * Per-process meters come and go with the processes: {@link #refresh()} (called before every scrape,
 * on a worker thread) adds meters for new processes and removes those of removed ones.
 */
public final class SupervisorMetrics implements MeterBinder {
  private static final String GO = "node_supervisord_";
  private static final String OWN = "supervisor_process_";

  private final Supervisor supervisor;
  private final Supplier<String> identification;
  private final ProcStats proc;
  private final TransitionCounts transitions;
  private final Set<TransitionCounts.Key> exported = new java.util.HashSet<>();
  private final Map<ProcessName, ProcessSample> samples = new HashMap<>();
  private volatile SupervisorSnapshot last;
  private MeterRegistry registry;
  private Meter info;

  /**
   * Meters for {@code supervisor}, whose {@code [supervisord] identifier} {@code identification}
   * tells (read at every scrape: a reload may change it); nothing is registered until {@link #bindTo}.
   */
  public SupervisorMetrics(Supervisor supervisor, Supplier<String> identification) {
    this(supervisor, identification, TransitionCounts.listenTo(supervisor));
  }

  /** As above, exporting the state changes {@code transitions} counts (it may have started earlier). */
  SupervisorMetrics(Supervisor supervisor, Supplier<String> identification, TransitionCounts transitions) {
    this(supervisor, identification, transitions, Path.of("/proc"));
  }

  SupervisorMetrics(Supervisor supervisor, Supplier<String> identification, TransitionCounts transitions,
      Path procRoot) {
    this.supervisor = supervisor;
    this.identification = identification;
    this.transitions = transitions;
    this.proc = new ProcStats(procRoot);
  }

  /**
   * Registers the supervisor-wide meters. Call once, while the server is being built. State changes are
   * counted by the {@link TransitionCounts} given at construction and exported at each {@link #refresh}.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (this.registry != null) {
      throw new IllegalStateException("SupervisorMetrics is already bound to " + this.registry);
    }
    this.registry = registry;
    Gauge.builder("supervisor_state", this, m -> m.snapshot().state().code())
        .description("The supervisor's state: 1 RUNNING, 0 RESTARTING, -1 SHUTDOWN, 2 FATAL")
        .register(registry);
    for (ProcessState s : ProcessState.values()) {
      Gauge.builder("supervisor_processes", this, m -> m.snapshot().processes().stream().filter(p -> p.state() == s).count())
          .description("Processes per state")
          .tags("state", s.name())
          .register(registry);
    }
    FunctionCounter.builder("supervisor_log_dropped_bytes", this, m -> ProcessLog.droppedBytesTotal())
        .description("Bytes of output a log target did not take (e.g. a full disk), summed over all logs")
        .register(registry);
  }

  private SupervisorSnapshot snapshot() {
    SupervisorSnapshot s = last;
    return s != null ? s : supervisor.snapshot();
  }

  /**
   * Brings the per-process meters up to date with the latest snapshot and {@code /proc}. Called on a
   * worker thread before each scrape; blocking file reads, about two per live process.
   */
  public synchronized void refresh() {
    if (registry == null) {
      throw new IllegalStateException("SupervisorMetrics is not bound to a registry");
    }
    SupervisorSnapshot snapshot = supervisor.snapshot();
    last = snapshot;
    syncInfo();
    Set<ProcessName> present = snapshot.processes().stream().map(ProcessInfo::name).collect(Collectors.toSet());
    for (ProcessName gone : new ArrayList<>(samples.keySet())) {
      if (!present.contains(gone)) {
        samples.remove(gone);
        removeMeters(gone);
        transitions.forget(gone);
        exported.removeIf(k -> k.name().equals(gone));
      }
    }
    for (ProcessInfo p : snapshot.processes()) {
      ProcessSample sample = samples.get(p.name());
      if (sample == null) {
        sample = new ProcessSample(p);
        samples.put(p.name(), sample);
        registerAlways(p.name(), sample);
      }
      sample.update(p, proc);
      syncConditional(p, sample);
    }
    exportTransitions(present);
  }

  /** A counter for each kind of state change first seen since the last scrape (of processes still present). */
  private void exportTransitions(Set<ProcessName> present) {
    transitions.counters().forEach((key, count) -> {
      if (present.contains(key.name()) && exported.add(key)) {
        FunctionCounter.builder(OWN + "state_transitions", count, java.util.concurrent.atomic.LongAdder::sum)
            .description("State changes of the process since the daemon started, by from and to state")
            .tags(tags(key.name()).and("from", key.from().name(), "to", key.to().name()))
            .register(registry);
      }
    });
  }

  /** {@code supervisor_info}, registered again when the identifier changed (a reload). */
  private void syncInfo() {
    String identifier = identification.get();
    if (info != null && identifier.equals(info.getId().getTag("identifier"))) {
      return;
    }
    if (info != null) {
      registry.remove(info);
    }
    info = Gauge.builder("supervisor.info", () -> 1)
        .description("Always 1: the daemon's version, the supervisord API level it implements and its identifier")
        .tags("version", SupervisorResource.VERSION, "api_version", SupervisorNamespace.API_VERSION,
            "identifier", identifier)
        .register(registry);
  }

  private void registerAlways(ProcessName name, ProcessSample s) {
    Tags t = tags(name);
    gauge(GO + "up", "1 if the process is RUNNING, else 0", t, s, ProcessSample::up);
    gauge(GO + "state", "The process state code (supervisord's numbers)", t, s, ProcessSample::state);
    gauge(GO + "exit_status", "The last exit status", t, s, ProcessSample::exitStatus);
    gauge(OWN + "uptime_seconds", "Seconds since the process entered RUNNING, 0 when not running", t, s, ProcessSample::uptime);
    counter(OWN + "restarts", "Spawns after the first one, whatever the cause", t, s, ProcessSample::restarts);
    counter(OWN + "crash_restarts", "Automatic restarts after an unexpected exit (autorestart)", t, s,
        ProcessSample::crashRestarts);
    counter(OWN + "start_requests", "Starts asked for (XML-RPC, REST, supervisorctl, a restart's start)", t, s,
        ProcessSample::startRequests);
    counter(OWN + "spawn_failures", "Failed spawn attempts", t, s, ProcessSample::spawnFailures);
    counter(OWN + "log_bytes", "Bytes written to the log file (a lower bound across rotations)",
        t.and("channel", "stdout"), s, ProcessSample::stdoutBytes);
    counter(OWN + "log_bytes", "Bytes written to the log file (a lower bound across rotations)",
        t.and("channel", "stderr"), s, ProcessSample::stderrBytes);
  }

  /** Meters that exist only in some states, as the Go port's start time does. */
  private void syncConditional(ProcessInfo p, ProcessSample s) {
    Tags t = tags(p.name());
    Meter state = s.conditional.get(OWN + "state");
    if (state == null || !p.state().name().equals(state.getId().getTag("state"))) {
      if (state != null) {
        registry.remove(state);
      }
      s.conditional.put(OWN + "state", gauge(OWN + "state",
          "Always 1, labelled with the process's state name (node_supervisord_state has its code)",
          t.and("state", p.state().name()), s, x -> 1));
    }
    toggle(s, GO + "start_time_seconds", p.state() == ProcessState.RUNNING,
        () -> gauge(GO + "start_time_seconds", "Start time of the process since the epoch (while RUNNING)", t, s,
            ProcessSample::startTime));
    toggle(s, OWN + "cpu_seconds", !Double.isNaN(s.cpuSeconds()),
        () -> counter(OWN + "cpu_seconds", "CPU time (user+system) of the process, from /proc", t, s,
            ProcessSample::cpuSeconds));
    boolean probed = !p.health().isEmpty() || p.livenessRestarts() > 0;
    toggle(s, OWN + "healthy", probed, () -> gauge(OWN + "healthy",
        "1 if the process's probes pass (RUNNING, liveness passing), else 0; programs with probes only", t, s,
        ProcessSample::healthy));
    toggle(s, OWN + "liveness_restarts", probed, () -> counter(OWN + "liveness_restarts",
        "Restarts caused by a failing liveness probe; programs with probes only", t, s, ProcessSample::livenessRestarts));
    toggle(s, OWN + "resident_memory_bytes", !Double.isNaN(s.residentBytes()),
        () -> gauge(OWN + "resident_memory_bytes", "Resident set size of the process, from /proc", t, s,
            ProcessSample::residentBytes));
  }

  private void toggle(ProcessSample s, String key, boolean wanted, java.util.function.Supplier<Meter> register) {
    Meter existing = s.conditional.get(key);
    if (wanted && existing == null) {
      s.conditional.put(key, register.get());
    } else if (!wanted && existing != null) {
      registry.remove(existing);
      s.conditional.remove(key);
    }
  }

  private Meter gauge(String name, String help, Tags tags, ProcessSample s, ToDoubleFunction<ProcessSample> f) {
    return Gauge.builder(name, s, f).description(help).tags(tags).strongReference(true).register(registry);
  }

  private Meter counter(String name, String help, Tags tags, ProcessSample s, ToDoubleFunction<ProcessSample> f) {
    return FunctionCounter.builder(name, s, f).description(help).tags(tags).register(registry);
  }

  /** Removes every meter of a process that is gone, including the event-driven transition counters. */
  private void removeMeters(ProcessName name) {
    List<Meter> doomed = registry.getMeters().stream()
        .filter(m -> name.name().equals(m.getId().getTag("name")) && name.group().equals(m.getId().getTag("group")))
        .filter(m -> m.getId().getName().startsWith(GO) || m.getId().getName().startsWith(OWN))
        .collect(Collectors.toList());
    doomed.forEach(registry::remove);
  }

  private static Tags tags(ProcessName name) {
    return Tags.of("name", name.name(), "group", name.group());
  }
}
