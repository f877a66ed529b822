package dev.jsupervisor.config;

import dev.jsupervisor.core.LogFormatSpec;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.Expansions;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.UpdateGrain;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [supervisord]} section, key by key in supervisord's order; its {@code environment} keys
 * become {@code ENV_*} expansions for every later section. Loading thread only.
 */
final class SupervisordReader {
  private final LoadContext ctx;
  private String key = "";

  SupervisordReader(LoadContext ctx) {
    this.ctx = ctx;
  }

  private String get(String k, String dflt) {
    key = k;
    return ctx.get("supervisord", k, dflt, Map.of(), false);
  }

  /** The section, or empty after recording the problem. */
  Optional<SupervisordSection> read() {
    try {
      return Optional.of(readSection());
    } catch (IllegalArgumentException e) {
      ctx.problem("supervisord", key, e.getMessage());
      return Optional.empty();
    }
  }

  private SupervisordSection readSection() {
    int minfds = Converters.intValue(get("minfds", "1024"));
    int minprocs = Converters.intValue(get("minprocs", "200"));
    String directory = get("directory", null);
    Optional<Path> dir = directory == null ? Optional.empty()
        : Optional.of(ctx.cwd.resolve(Converters.existingDirectory(directory, ctx.home())).normalize());
    String user = get("user", null);
    int umask = Converters.octal(get("umask", "022"));
    String logfile = Converters.existingDirpath(get("logfile", "supervisord.log"), ctx.home());
    long logfileMaxbytes = Converters.byteSize(get("logfile_maxbytes", "50MB"));
    int logfileBackups = Converters.intValue(get("logfile_backups", "10"));
    LogLevel loglevel = Converters.logLevel(get("loglevel", "info"));
    String pidfile = Converters.existingDirpath(get("pidfile", "supervisord.pid"), ctx.home());
    String identifier = get("identifier", "supervisor");
    String nodaemonValue = get("nodaemon", null);
    Optional<Boolean> nodaemon = nodaemonValue == null ? Optional.empty() : Optional.of(Converters.bool(nodaemonValue));
    boolean silent = Converters.bool(get("silent", "false"));
    String tmp = tempDir();
    Path childlogdir = ctx.cwd.resolve(Converters.existingDirectory(get("childlogdir", tmp), ctx.home())).normalize();
    boolean nocleanup = Converters.bool(get("nocleanup", "false"));
    boolean stripAnsi = Converters.bool(get("strip_ansi", "false"));
    String environ = get("environment", "");
    key = "environment";
    // supervisord 4.2.5 expands this value a second time, now with host_node_name
    Map<String, Object> extra = Map.of("host_node_name", ctx.hostname);
    environ = Expansions.expand(environ, ctx.expansions(ctx.sectionFile("supervisord"), extra), "environment");
    Map<String, String> environment = Converters.keyValuePairs(environ);
    environment.forEach((k, v) -> ctx.environExpansions.put("ENV_" + k, v));
    if (user != null) {
      key = "user";
      Converters.nameToUid(user, ctx.users);
    }
    UpdateGrain updateGrain = updateGrain();
    LogFormatSpec logFormat = new LogFormatReader(new SectionKeys(ctx, "supervisord", false, Map.of(), k -> key = k)).read(stripAnsi, false);
    boolean syslog = logfile.equals("syslog");
    return new SupervisordSection(syslog ? Optional.empty() : Optional.of(ctx.normalizePath(logfile)), syslog,
        logfileMaxbytes, logfileBackups, loglevel, ctx.normalizePath(pidfile), umask, nodaemon, silent, minfds,
        minprocs, nocleanup, childlogdir, Optional.ofNullable(user), dir, stripAnsi, environment, identifier,
        updateGrain, logFormat);
  }

  /** jsupervisor's {@code update_grain}: what an update restarts (Python supervisord ignores the key). */
  private UpdateGrain updateGrain() {
    String v = get("update_grain", "group");
    // our own key: the message names file, section, key and value (supervisord's own [supervisord] errors do not)
    return UpdateGrain.parse(v).orElseThrow(() -> new dev.jsupervisor.config.values.ValueException(
        "not a valid update_grain value: " + dev.jsupervisor.config.values.PythonRepr.of(v)
            + " (expected process or group) in section 'supervisord' (file: "
            + dev.jsupervisor.config.values.PythonRepr.of(ctx.displayFile("supervisord")) + ")"));
  }

  /** Python's {@code tempfile.gettempdir()}: TMPDIR, TEMP, TMP if a directory, else /tmp. */
  private String tempDir() {
    for (String v : new String[] {"TMPDIR", "TEMP", "TMP"}) {
      String d = ctx.environment.get(v);
      if (d != null && !d.isEmpty() && java.nio.file.Files.isDirectory(Path.of(d))) {
        return d;
      }
    }
    return "/tmp";
  }
}
