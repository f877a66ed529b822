package dev.jsupervisor.core;

import java.util.List;

/**
 * Where one output stream of a process goes, and how its files rotate.
 *
 * @param targets destinations; empty means the output is discarded ({@code NONE} or {@code /dev/null})
 * @param maxbytes {@code *_logfile_maxbytes}: rotate a file target once it reaches this size; 0 = never
 * @param backups {@code *_logfile_backups}: how many {@code .1 … .N} files to keep; 0 = truncate
 * @param captureMaxbytes {@code *_capture_maxbytes}: &gt; 0 enables supervisord's capture mode
 * @param eventsEnabled {@code *_events_enabled}: emit PROCESS_LOG events
 * @param syslog {@code *_syslog}: also send each line to the local syslog
 */
public record LogSpec(
    List<LogTarget> targets,
    long maxbytes,
    int backups,
    long captureMaxbytes,
    boolean eventsEnabled,
    boolean syslog) {

  /** supervisord's default for a stream: AUTO, 50MB, 10 backups. */
  public static final LogSpec DEFAULT = new LogSpec(List.of(new LogTarget.Auto()), 50L * 1024 * 1024, 10, 0, false, false);

  /** Output discarded. */
  public static final LogSpec NONE = new LogSpec(List.of(), 50L * 1024 * 1024, 10, 0, false, false);

  public LogSpec {
    targets = List.copyOf(targets);
    if (backups < 0) {
      throw new IllegalArgumentException("backups must be >= 0 but was " + backups);
    }
  }

  /** The first file target (AUTO counts), which readProcessLog/tail read; null if there is none. */
  public LogTarget primaryFile() {
    for (LogTarget t : targets) {
      if (t instanceof LogTarget.File || t instanceof LogTarget.Auto) {
        return t;
      }
    }
    return null;
  }

  /** A copy with other targets. */
  public LogSpec withTargets(List<LogTarget> newTargets) {
    return new LogSpec(newTargets, maxbytes, backups, captureMaxbytes, eventsEnabled, syslog);
  }
}
