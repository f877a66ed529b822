package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.Expansions;
import dev.jsupervisor.config.values.PythonRepr;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Signal;
import dev.jsupervisor.core.WrittenConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * supervisord's {@code processes_from_section}: one program-type section into one ProcessSpec per
 * process_num, reading keys in supervisord's order so the first error is the one it reports. Any
 * failure becomes a {@link SectionError} with the {@code in section '…' (file: '…')} suffix.
 * One instance per section; loading thread only.
 */
final class ProgramReader {
  enum Kind { PROGRAM, FCGI, LISTENER }

  private final LoadContext ctx;
  private final String section;
  private final String groupName;
  private final boolean programDefaults;
  private final Map<String, Object> common = new LinkedHashMap<>();
  private String key = "";

  ProgramReader(LoadContext ctx, String section, String groupName, Kind kind) {
    this.ctx = ctx;
    this.section = section;
    this.groupName = groupName;
    this.programDefaults = kind != Kind.LISTENER;
  }

  List<ProcessSpec> read() {
    try {
      return readProcesses();
    } catch (IllegalArgumentException e) {
      throw new SectionError(section, key, e.getMessage() + " in section " + PythonRepr.of(section)
          + " (file: " + PythonRepr.of(ctx.displayFile(section)) + ")");
    }
  }

  private String get(String k, String dflt) {
    key = k;
    return ctx.get(section, k, dflt, common, programDefaults);
  }

  private List<ProcessSpec> readProcesses() {
    String programName = Converters.processOrGroupName(section.split(":", 2)[1]);
    common.put("program_name", programName);
    common.put("host_node_name", ctx.hostname);
    common.put("group_name", groupName);

    int priority = Converters.intValue(get("priority", "999"));
    boolean autostart = Converters.bool(get("autostart", "true"));
    RestartPolicy autorestart = Converters.autoRestart(get("autorestart", "unexpected"));
    int startsecs = Converters.intValue(get("startsecs", "1"));
    int startretries = Converters.intValue(get("startretries", "3"));
    List<Signal> stopsignals = Converters.signals(get("stopsignal", "TERM"));
    int stopwaitsecs = Converters.intValue(get("stopwaitsecs", "10"));
    boolean stopasgroup = Converters.bool(get("stopasgroup", "false"));
    boolean killasgroup = Converters.bool(get("killasgroup", stopasgroup ? "true" : "false"));
    List<Integer> exitcodesWritten = Converters.exitCodeList(get("exitcodes", "0"));
    Set<Integer> exitcodes = new LinkedHashSet<>(exitcodesWritten);
    boolean redirectStderr = Converters.bool(get("redirect_stderr", "false"));
    int numprocs = Converters.intValue(get("numprocs", "1"));
    int numprocsStart = Converters.intValue(get("numprocs_start", "0"));
    key = "environment";
    String environmentRaw = ctx.getRaw(section, "environment", "", programDefaults);
    long stdoutCapture = Converters.byteSize(get("stdout_capture_maxbytes", "0"));
    boolean stdoutEvents = Converters.bool(get("stdout_events_enabled", "false"));
    long stderrCapture = Converters.byteSize(get("stderr_capture_maxbytes", "0"));
    boolean stderrEvents = Converters.bool(get("stderr_events_enabled", "false"));
    String serverurl = get("serverurl", null);
    if (serverurl != null && serverurl.strip().equalsIgnoreCase("AUTO")) {
      serverurl = null;
    }
    String user = get("user", null);
    if (user != null) {
      Converters.nameToUid(user, ctx.users);
    }
    String umaskText = get("umask", null);
    Integer umask = umaskText == null ? null : Converters.octal(umaskText);
    key = "process_name";
    String processName = Converters.processOrGroupName(
        ctx.getRaw(section, "process_name", "%(program_name)s", programDefaults));
    if (numprocs > 1 && !processName.contains("%(process_num)")) {
      throw new ValueException("%(process_num) must be present within process_name when numprocs > 1");
    }
    if (stopasgroup && !killasgroup) {
      key = "killasgroup";
      throw new ValueException("Cannot set stopasgroup=true and killasgroup=false");
    }

    List<ProcessSpec> out = new ArrayList<>();
    for (int processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
      common.put("process_num", processNum);
      common.put("numprocs", numprocs);
      common.putAll(ctx.environExpansions);
      Map<String, Object> expansions = withHere(common);

      key = "environment";
      Map<String, String> environment = Converters.keyValuePairs(
          Expansions.expand(environmentRaw, expansions, "environment"));
      environment.forEach((k, v) -> common.put("ENV_" + k, v));
      expansions = withHere(common);

      String directory = get("directory", null);
      Map<String, String> writtenLogs = new LinkedHashMap<>();
      LogSpec stdout = logSpec("stdout", stdoutCapture, stdoutEvents, expansions, writtenLogs);
      LogSpec stderr = logSpec("stderr", stderrCapture, stderrEvents, expansions, writtenLogs);
      if (redirectStderr) {
        writtenLogs.remove("stderr");
        if (stderr.targets().stream().anyMatch(t -> !(t instanceof LogTarget.Auto)
            && !(t instanceof LogTarget.Syslog s && s.isLocal()))) {
          ctx.warnings.add("For [" + section + "], redirect_stderr=true but stderr_logfile has also been set "
              + "to a filename, the filename has been ignored");
        }
        stderr = stderr.withTargets(List.of());
      }
      String command = get("command", null);
      if (command == null) {
        key = "command";
        throw new ValueException("program section " + section + " does not specify a command");
      }
      key = "process_name";
      String name = Expansions.expand(processName, expansions, "process_name");

      ProcessSpec.Builder b = ProcessSpec.builder(name, command)
          .program(programName)
          .priority(priority)
          .autostart(autostart)
          .autorestart(autorestart)
          .startsecs(Duration.ofSeconds(startsecs))
          .startretries(startretries)
          .stopsignals(stopsignals)
          .stopwaitsecs(Duration.ofSeconds(stopwaitsecs))
          .stopasgroup(stopasgroup)
          .killasgroup(killasgroup)
          .exitcodes(exitcodes)
          .redirectStderr(redirectStderr)
          .environment(environment)
          .user(user)
          .umask(umask)
          .directory(directory == null ? null : Path.of(directory))
          .stdout(stdout)
          .stderr(stderr)
          .serverurl(serverurl)
          .written(new WrittenConfig(Optional.ofNullable(directory), Optional.ofNullable(writtenLogs.get("stdout")),
              Optional.ofNullable(writtenLogs.get("stderr")), Optional.of(exitcodesWritten)));
      SectionKeys keys = new SectionKeys(ctx, section, programDefaults, common, k -> key = k);
      new SeedExtrasReader(keys).apply(b);
      new GoExtrasReader(keys).apply(b, environment);
      new LogFormatReader(keys).apply(b);
      ProcessSpec spec = b.build();
      key = "readiness_probe";
      HealthReader.checkNotifySocket(spec);
      key = "";
      out.add(spec);
    }
    return out;
  }

  /**
   * {@link LoadContext#expansions} for this section when {@code names} holds the ENV_ names already
   * (a process's names are the common ones plus the environment, as supervisord builds them): the
   * same names and values, without copying the environment twice.
   */
  private Map<String, Object> withHere(Map<String, Object> names) {
    Map<String, Object> m = new LinkedHashMap<>(names);
    m.put("here", ctx.here(ctx.sectionFile(section)));
    return m;
  }

  /**
   * One channel's log keys; a value that names a file goes into {@code written} under the channel's
   * name as supervisord's {@code logfile_name} keeps it ({@code ~} expanded, not normalized).
   */
  private LogSpec logSpec(String channel, long captureMaxbytes, boolean events, Map<String, Object> expansions,
      Map<String, String> written) {
    String lfKey = channel + "_logfile";
    String lf = get(lfKey, null);
    LogTargets parser = LogTargets.create();
    List<LogTarget> targets;
    if (lf == null) {
      targets = List.of(new LogTarget.Auto());
    } else {
      // supervisord expands this value twice (saneget, then expand())
      lf = Expansions.expand(lf, expansions, lfKey);
      targets = parser.parse(lf, ctx);
      if (!Set.of("none", "off", "auto", "syslog").contains(lf.toLowerCase(Locale.ROOT))) {
        written.put(channel, Converters.expandUser(lf, ctx.home()));
      }
    }
    int backups = Converters.intValue(get(channel + "_logfile_backups", "10"));
    long maxbytes = Converters.byteSize(get(channel + "_logfile_maxbytes", "50MB"));
    boolean syslog = Converters.bool(get(channel + "_syslog", "false"));
    if (parser.deprecatedSyslog) {
      ctx.warnings.add("For [" + section + "], " + lfKey + "=syslog but this is deprecated and will be removed.  "
          + "Use " + channel + "_syslog=true to enable syslog instead.");
      syslog = true;
    }
    if (targets.stream().anyMatch(t -> t instanceof LogTarget.Auto) && maxbytes == 0) {
      ctx.warnings.add("For [" + section + "], AUTO logging used for " + lfKey + " without rollover, "
          + "set maxbytes > 0 to avoid filling up filesystem unintentionally");
    }
    key = lfKey + "_backups";
    return new LogSpec(targets, maxbytes, backups, captureMaxbytes, events, syslog);
  }
}
