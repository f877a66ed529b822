package dev.jsupervisor.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An immutable snapshot of one process: supervisord's 14 ProcessInfo fields plus a few counters.
 *
 * @param name process name and group
 * @param start epoch seconds of the last spawn, 0 if never
 * @param stop epoch seconds of the last exit, 0 if never
 * @param now epoch seconds when the snapshot was taken
 * @param state the process state
 * @param spawnerr the last spawn error, or {@code ""}
 * @param exitstatus the last exit code, -1 after a signal death, 0 if none
 * @param stdoutLogfile path of the stdout log file, or {@code ""}
 * @param stderrLogfile path of the stderr log file, or {@code ""}
 * @param pid the pid, 0 when not alive
 * @param restarts how many times the process was spawned again after its first spawn
 * @param spawnFailures how many spawn attempts failed (BACKOFF entries)
 * @param health the probes' verdict ({@code healthy}, {@code not ready: …}), {@code ""} without probes
 * @param livenessRestarts how often a failing liveness probe restarted the process
 * @param crashRestarts how often the engine restarted the process after an unexpected exit
 *     (autorestart; not the retries after a failed start, not restarts after an expected exit)
 * @param startRequests how many start requests (RPC, REST, ctl; a restart's start) spawned it;
 *     autostart and the engine's own restarts are not counted
 */
public record ProcessInfo(
    ProcessName name,
    long start,
    long stop,
    long now,
    ProcessState state,
    String spawnerr,
    int exitstatus,
    String stdoutLogfile,
    String stderrLogfile,
    int pid,
    int restarts,
    int spawnFailures,
    String health,
    int livenessRestarts,
    int crashRestarts,
    int startRequests) {

  /** Without health: {@code health} empty, no liveness restarts. */
  public ProcessInfo(ProcessName name, long start, long stop, long now, ProcessState state, String spawnerr,
      int exitstatus, String stdoutLogfile, String stderrLogfile, int pid, int restarts, int spawnFailures) {
    this(name, start, stop, now, state, spawnerr, exitstatus, stdoutLogfile, stderrLogfile, pid, restarts,
        spawnFailures, "", 0);
  }

  /** Without the restart causes: no crash restarts, no start requests. */
  public ProcessInfo(ProcessName name, long start, long stop, long now, ProcessState state, String spawnerr,
      int exitstatus, String stdoutLogfile, String stderrLogfile, int pid, int restarts, int spawnFailures,
      String health, int livenessRestarts) {
    this(name, start, stop, now, state, spawnerr, exitstatus, stdoutLogfile, stderrLogfile, pid, restarts,
        spawnFailures, health, livenessRestarts, 0, 0);
  }

  public ProcessInfo {
    java.util.Objects.requireNonNull(health, "health");
  }

  private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

  /**
   * supervisord's {@code description}, the third column of {@code supervisorctl status}:
   * {@code pid 42, uptime 0:00:05} when RUNNING (then {@code , healthy} or what the probes say
   * when the program has probes; STARTING shows the readiness probe's verdict), the spawnerr when FATAL/BACKOFF, the stop time
   * ({@code Nov 24 03:05 PM}, server-local) or {@code Not started} when STOPPED/EXITED, else {@code ""}.
   */
  public String description() {
    return description(ZoneId.systemDefault());
  }

  /** {@link #description()} with stop times rendered in {@code zone}. */
  public String description(ZoneId zone) {
    switch (state) {
      case RUNNING:
        return "pid " + pid + ", uptime " + uptime(Math.max(0, now - start)) + (health.isEmpty() ? "" : ", " + health);
      case STARTING:
        return health;
      case FATAL:
      case BACKOFF:
        return spawnerr.isEmpty() ? "unknown error (try \"tail " + name.namespec() + "\")" : spawnerr;
      case STOPPED:
      case EXITED:
        if (start == 0) {
          return "Not started";
        }
        return STOP_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(stop), zone));
      default:
        return "";
    }
  }

  /** Python's {@code timedelta} text for whole seconds: {@code 0:00:05}, {@code 1 day, 2:03:04}. */
  static String uptime(long seconds) {
    long days = seconds / 86400;
    long rest = seconds % 86400;
    String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
    if (days == 0) {
      return hms;
    }
    return days + (days == 1 ? " day, " : " days, ") + hms;
  }
}
