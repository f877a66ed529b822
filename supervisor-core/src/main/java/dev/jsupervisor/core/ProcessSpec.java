package dev.jsupervisor.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything supervisord knows about one process: one {@code [program:x]} section yields one spec per
 * {@code process_num}. Immutable; build with {@link #builder(String, String)}, whose defaults are
 * supervisord's. Component names follow supervisord's config keys.
 *
 * @param name the process name ({@code process_name} after expansion)
 * @param program the program ({@code [program:x]} name) it came from; {@code depends_on} names programs
 * @param command the command line, split like a POSIX shell would (no shell runs it)
 * @param priority start order ascending, stop order descending
 * @param autostart start when the group is added
 * @param startsecs how long the process must stay up to count as started (0 = at once)
 * @param startretries failed start attempts allowed before FATAL (attempts = startretries + 1)
 * @param autorestart what to do after the process exits by itself
 * @param exitcodes the expected exit codes
 * @param stopsignals signals tried one by one on stop, each followed by a wait of stopwaitsecs, then KILL
 * @param stopwaitsecs how long to wait after each stop signal
 * @param stopasgroup send the stop signals to the whole process group
 * @param killasgroup send the final SIGKILL to the whole process group
 * @param user run as this user (name or uid, optionally {@code user:group}) when the supervisor is root
 * @param directory working directory of the child
 * @param umask umask of the child
 * @param environment added to the child's environment (after the supervisor's and the SUPERVISOR_* ones)
 * @param redirectStderr send stderr into the stdout pipe
 * @param stdout where stdout goes
 * @param stderr where stderr goes (ignored when redirectStderr)
 * @param restartpause the seed's pause between a stop and the next start of a restart
 * @param dependsOn programs that must be RUNNING before this one starts (the seed's {@code depends_on})
 * @param serverurl {@code SUPERVISOR_SERVER_URL} for the child; empty = the supervisor's own (AUTO)
 * @param restartOnChange the seed's file-change restart triggers
 * @param health opt-in probes, restart backoff and limits, exit policy, depends_on conditions ({@link HealthSpec#NONE}: off)
 * @param extras the Go port's other per-program extras ({@code cron})
 * @param logFormat our opt-in log shaping of both channels (strip_ansi, per-line timestamps or
 *     JSON lines, time rotation, gzip); {@link LogFormatSpec#RAW} = supervisord's raw bytes
 * @param written some keys as the config file wrote them, only for {@code getAllConfigInfo}
 *     ({@link WrittenConfig#NONE} for a spec built in code)
 */
public record ProcessSpec(
    String name,
    String program,
    String command,
    int priority,
    boolean autostart,
    Duration startsecs,
    int startretries,
    RestartPolicy autorestart,
    Set<Integer> exitcodes,
    List<Signal> stopsignals,
    Duration stopwaitsecs,
    boolean stopasgroup,
    boolean killasgroup,
    Optional<String> user,
    Optional<Path> directory,
    Optional<Integer> umask,
    Map<String, String> environment,
    boolean redirectStderr,
    LogSpec stdout,
    LogSpec stderr,
    Duration restartpause,
    List<String> dependsOn,
    Optional<String> serverurl,
    RestartOnChange restartOnChange,
    HealthSpec health,
    ProgramExtrasSpec extras,
    LogFormatSpec logFormat,
    WrittenConfig written) {

  public ProcessSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(command, "command");
    checkNotNegative(startsecs, "startsecs");
    checkNotNegative(stopwaitsecs, "stopwaitsecs");
    checkNotNegative(restartpause, "restartpause");
    if (startretries < 0) {
      throw new IllegalArgumentException("startretries must be >= 0 but was " + startretries);
    }
    if (stopsignals.isEmpty()) {
      throw new IllegalArgumentException("stopsignals of " + name + " must not be empty");
    }
    exitcodes = Collections.unmodifiableSortedSet(new TreeSet<>(exitcodes)); // ascending, as supervisord lists them
    stopsignals = List.copyOf(stopsignals);
    environment = Map.copyOf(environment);
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(autorestart, "autorestart");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(umask, "umask");
    Objects.requireNonNull(serverurl, "serverurl");
    Objects.requireNonNull(restartOnChange, "restartOnChange");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(extras, "extras");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(written, "written");
  }

  private static void checkNotNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must be >= 0 but was " + d);
    }
  }

  /** A builder with supervisord's defaults for a process {@code name} of program {@code program}. */
  public static Builder builder(String name, String command) {
    return new Builder(name, command);
  }

  /** A builder preset with this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name, command);
    b.program = program;
    b.priority = priority;
    b.autostart = autostart;
    b.startsecs = startsecs;
    b.startretries = startretries;
    b.autorestart = autorestart;
    b.exitcodes = exitcodes;
    b.stopsignals = stopsignals;
    b.stopwaitsecs = stopwaitsecs;
    b.stopasgroup = stopasgroup;
    b.killasgroup = killasgroup;
    b.user = user;
    b.directory = directory;
    b.umask = umask;
    b.environment = new LinkedHashMap<>(environment);
    b.redirectStderr = redirectStderr;
    b.stdout = stdout;
    b.stderr = stderr;
    b.restartpause = restartpause;
    b.dependsOn = dependsOn;
    b.serverurl = serverurl;
    b.restartOnChange = restartOnChange;
    b.health = health;
    b.extras = extras;
    b.logFormat = logFormat;
    b.written = written;
    return b;
  }

  /** Mutable builder; not thread-safe. Defaults are supervisord 4.2's. */
  public static final class Builder {
    private String name;
    private String program;
    private String command;
    private int priority = 999;
    private boolean autostart = true;
    private Duration startsecs = Duration.ofSeconds(1);
    private int startretries = 3;
    private RestartPolicy autorestart = RestartPolicy.UNEXPECTED;
    private Set<Integer> exitcodes = Set.of(0);
    private List<Signal> stopsignals = List.of(Signal.TERM);
    private Duration stopwaitsecs = Duration.ofSeconds(10);
    private boolean stopasgroup;
    private boolean killasgroup;
    private Optional<String> user = Optional.empty();
    private Optional<Path> directory = Optional.empty();
    private Optional<Integer> umask = Optional.empty();
    private Map<String, String> environment = new LinkedHashMap<>();
    private boolean redirectStderr;
    private LogSpec stdout = LogSpec.DEFAULT;
    private LogSpec stderr = LogSpec.DEFAULT;
    private Duration restartpause = Duration.ZERO;
    private List<String> dependsOn = List.of();
    private Optional<String> serverurl = Optional.empty();
    private RestartOnChange restartOnChange = RestartOnChange.NONE;
    private HealthSpec health = HealthSpec.NONE;
    private ProgramExtrasSpec extras = ProgramExtrasSpec.NONE;
    private LogFormatSpec logFormat = LogFormatSpec.RAW;
    private WrittenConfig written = WrittenConfig.NONE;

    private Builder(String name, String command) {
      this.name = Objects.requireNonNull(name, "name");
      this.program = name;
      this.command = Objects.requireNonNull(command, "command");
    }

    public Builder name(String v) { this.name = v; return this; }
    public Builder program(String v) { this.program = v; return this; }
    public Builder command(String v) { this.command = v; return this; }
    public Builder priority(int v) { this.priority = v; return this; }
    public Builder autostart(boolean v) { this.autostart = v; return this; }
    public Builder startsecs(Duration v) { this.startsecs = v; return this; }
    public Builder startretries(int v) { this.startretries = v; return this; }
    public Builder autorestart(RestartPolicy v) { this.autorestart = v; return this; }
    public Builder exitcodes(Set<Integer> v) { this.exitcodes = v; return this; }
    public Builder stopsignals(List<Signal> v) { this.stopsignals = v; return this; }
    public Builder stopsignal(Signal v) { this.stopsignals = List.of(v); return this; }
    public Builder stopwaitsecs(Duration v) { this.stopwaitsecs = v; return this; }
    public Builder stopasgroup(boolean v) { this.stopasgroup = v; return this; }
    public Builder killasgroup(boolean v) { this.killasgroup = v; return this; }
    public Builder user(String v) { this.user = Optional.ofNullable(v); return this; }
    public Builder directory(Path v) { this.directory = Optional.ofNullable(v); return this; }
    public Builder umask(Integer v) { this.umask = Optional.ofNullable(v); return this; }
    public Builder environment(Map<String, String> v) { this.environment = new LinkedHashMap<>(v); return this; }
    public Builder env(String key, String value) { this.environment.put(key, value); return this; }
    public Builder redirectStderr(boolean v) { this.redirectStderr = v; return this; }
    public Builder stdout(LogSpec v) { this.stdout = v; return this; }
    public Builder stderr(LogSpec v) { this.stderr = v; return this; }
    public Builder restartpause(Duration v) { this.restartpause = v; return this; }
    public Builder dependsOn(List<String> v) { this.dependsOn = v; return this; }
    public Builder serverurl(String v) { this.serverurl = Optional.ofNullable(v); return this; }
    public Builder restartOnChange(RestartOnChange v) { this.restartOnChange = v; return this; }
    public Builder health(HealthSpec v) { this.health = v; return this; }
    public Builder extras(ProgramExtrasSpec v) { this.extras = v; return this; }
    public Builder logFormat(LogFormatSpec v) { this.logFormat = v; return this; }
    public Builder written(WrittenConfig v) { this.written = v; return this; }

    /** Builds the spec; throws IllegalArgumentException naming the bad value. */
    public ProcessSpec build() {
      return new ProcessSpec(name, program, command, priority, autostart, startsecs, startretries,
          autorestart, exitcodes, stopsignals, stopwaitsecs, stopasgroup, killasgroup, user, directory,
          umask, environment, redirectStderr, stdout, stderr, restartpause, dependsOn, serverurl,
          restartOnChange, health, extras, logFormat, written);
    }
  }
}
