package dev.jsupervisor.rpc;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.WrittenConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * supervisord 4.2.5's ConfigInfo struct ({@code getAllConfigInfo}): one per process of every
 * configured group, keys in supervisord's order, every {@code None} as {@code "none"} (a default
 * {@code serverurl} too). Paths, {@code directory} and {@code exitcodes} are reported as the file
 * wrote them ({@link WrittenConfig}). An AUTO log is reported as the file the running process
 * writes, as supervisord names it when the group is added; {@code "auto"} only for a process whose
 * configuration is not the active one (not added yet, or changed on disk since). Sizes beyond 32
 * bits are clamped (supervisord itself fails the whole call with an HTTP 500 there; clamping keeps
 * {@code supervisorctl avail} usable). Stateless; any thread.
 */
public final class ConfigInfoMarshaller {
  private ConfigInfoMarshaller() {}

  /**
   * The structs for {@code configured} groups, sorted by process name (stable, as supervisord's
   * sort), {@code inuse} true for the groups active in {@code snapshot}; AUTO logs of active
   * processes with an unchanged configuration are the files they write.
   */
  public static List<Map<String, Object>> configInfo(Collection<GroupSpec> configured, SupervisorSnapshot snapshot) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (GroupSpec g : configured) {
      Optional<GroupSpec> active = snapshot.group(g.name());
      for (ProcessSpec p : g.processes()) {
        Optional<ProcessInfo> running = active.filter(a -> a.processes().contains(p))
            .flatMap(a -> snapshot.process(g.nameOf(p)));
        out.add(configInfo(g, p, active.isPresent(), running));
      }
    }
    out.sort(Comparator.comparing(m -> (String) m.get("name")));
    return out;
  }

  static Map<String, Object> configInfo(GroupSpec g, ProcessSpec p, boolean inuse, Optional<ProcessInfo> running) {
    WrittenConfig w = p.written();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("autostart", p.autostart());
    m.put("directory", w.directory().or(() -> p.directory().map(Path::toString)).orElse("none"));
    m.put("uid", uid(p.user()));
    m.put("command", p.command());
    // the spec's Set has no stable order: sorted when nothing was written
    m.put("exitcodes", w.exitcodes().orElseGet(() -> List.copyOf(new TreeSet<>(p.exitcodes()))));
    m.put("group", g.name());
    m.put("group_prio", g.priority());
    m.put("inuse", inuse);
    m.put("killasgroup", p.killasgroup());
    m.put("name", p.name());
    m.put("process_prio", p.priority());
    m.put("redirect_stderr", p.redirectStderr());
    m.put("startretries", p.startretries());
    m.put("startsecs", ProcessInfoMarshaller.cappedInt(p.startsecs().getSeconds()));
    logFields(m, "stdout", logfile(p.stdout(), w.stdoutLogfile(), running.map(ProcessInfo::stdoutLogfile)),
        p.stdout());
    m.put("stopsignal", p.stopsignals().get(0).number());
    m.put("stopwaitsecs", ProcessInfoMarshaller.cappedInt(p.stopwaitsecs().getSeconds()));
    // supervisord never has a stderr log when it is redirected
    logFields(m, "stderr", p.redirectStderr() ? "none"
        : logfile(p.stderr(), w.stderrLogfile(), running.map(ProcessInfo::stderrLogfile)), p.stderr());
    m.put("serverurl", p.serverurl().orElse("none"));
    return m;
  }

  private static void logFields(Map<String, Object> m, String channel, String logfile, LogSpec log) {
    m.put(channel + "_capture_maxbytes", ProcessInfoMarshaller.cappedInt(log.captureMaxbytes()));
    m.put(channel + "_events_enabled", log.eventsEnabled());
    m.put(channel + "_logfile", logfile);
    m.put(channel + "_logfile_backups", log.backups());
    m.put(channel + "_logfile_maxbytes", ProcessInfoMarshaller.cappedInt(log.maxbytes()));
    m.put(channel + "_syslog", log.syslog());
  }

  /**
   * The log file as supervisord reports it: for AUTO the file {@code running} writes (if it is
   * known), else the path as {@code written}, else derived from the spec.
   */
  static String logfile(LogSpec log, Optional<String> written, Optional<String> running) {
    if (log.primaryFile() instanceof LogTarget.Auto && running.filter(f -> !f.isEmpty()).isPresent()) {
      return running.get();
    }
    return written.orElseGet(() -> logfile(log));
  }

  /** The log file of a spec built in code: a path, {@code auto} or {@code none}. */
  static String logfile(LogSpec log) {
    LogTarget t = log.primaryFile();
    if (t == null && !log.targets().isEmpty()) {
      t = log.targets().get(0);
    }
    if (t == null) {
      return "none";
    }
    if (t instanceof LogTarget.File f) {
      return f.path().toString();
    }
    if (t instanceof LogTarget.Auto) {
      return "auto";
    }
    if (t instanceof LogTarget.Stdout) {
      return "/dev/stdout";
    }
    if (t instanceof LogTarget.Stderr) {
      return "/dev/stderr";
    }
    return "none"; // syslog: supervisord turns the deprecated stdout_logfile=syslog into None
  }

  /** supervisord reports the numeric uid of {@code user=}, or {@code none} when there is none. */
  static Object uid(Optional<String> user) {
    if (user.isEmpty()) {
      return "none";
    }
    String name = user.get();
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      try {
        return Integer.parseInt(name);
      } catch (NumberFormatException e) {
        return "none";
      }
    }
    return passwdUid(name).<Object>map(u -> u).orElse("none");
  }

  private static Optional<Integer> passwdUid(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
        String[] f = line.split(":", -1);
        if (f.length > 2 && f[0].equals(name)) {
          return Optional.of(Integer.parseInt(f[2]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // No passwd database: the uid is unknown, reported as supervisord reports no uid.
    }
    return Optional.empty();
  }
}
