package dev.jsupervisor.app;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.log.ProcessLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's main (activity) log: lines {@code 2026-11-24 15:05:37,414 INFO message} in local
 * time, written to the log file (rotated like child logs) and, in the foreground unless
 * {@code silent}, to stdout. Thread-safe: the engine loop, HTTP threads and the main thread write.
 *
 * <p>With {@code [supervisord] log_format} (our extension), lines are {@code <ISO-8601 ms> LEVEL
 * message} ({@code timestamped}, or {@code log_timestamp_format}'s pattern) or JSON objects
 * {@code {"ts":…,"level":…,"msg":…}} ({@code json}); {@code log_rotate}/{@code log_rotate_gzip}
 * rotate it by time as child logs.
 */
final class MainLog implements ActivityLog, Closeable {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);

  private final Optional<Path> file;
  private final LogLevel threshold;
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

  private final ProcessLog sink;
  private final LogFormatSpec.Format format;
  private final DateTimeFormatter stamp;

  /**
   * Opens the log.
   *
   * @param file the log file, empty for none
   * @param syslog also send every line to the local syslog ({@code logfile=syslog})
   * @param echoToStdout also write every line to the daemon's stdout
   * @throws IOException when the file cannot be opened
   */
  MainLog(Optional<Path> file, long maxbytes, int backups, LogLevel threshold, boolean syslog,
      boolean echoToStdout, LogFormatSpec shape) throws IOException {
    this.file = file;
    this.threshold = threshold;
    LogFormatSpec.Lines lines = shape.stdout(); // the main log's only channel
    this.format = lines.format();
    this.stamp = lines.format() == LogFormatSpec.Format.RAW ? TIMESTAMP
        : (lines.timestampPattern().isEmpty() ? ISO_MILLIS : DateTimeFormatter.ofPattern(lines.timestampPattern(),
            Locale.ROOT)).withZone(ZoneId.systemDefault());
    List<LogTarget> targets = new ArrayList<>();
    file.ifPresent(f -> targets.add(new LogTarget.File(f)));
    if (syslog) {
      targets.add(LogTarget.Syslog.local());
    }
    if (echoToStdout) {
      targets.add(new LogTarget.Stdout());
    }
    // The main log cannot report its own failures (a full disk): they go to stderr, once per episode.
    ActivityLog toStderr = (level, message) -> System.err.println(level.name() + " " + message);
    LogSpec spec = new LogSpec(targets, maxbytes, backups, 0, false, false);
    if (shape.rotateSchedule().isEmpty() && !shape.gzip()) {
      this.sink = ProcessLog.open("main log", spec, toStderr);
    } else {
      // the lines are made here; the log only rotates them by time (and compresses)
      LogFormatSpec rotation = new LogFormatSpec(false, LogFormatSpec.Format.RAW, "",
          LogFormatSpec.DEFAULT_MAX_LINE_BYTES, shape.rotateSchedule(), shape.gzip());
      this.sink = ProcessLog.open("main log", spec, rotation, new ProcessLog.Source("supervisord", "", "log"),
          toStderr, WALL_CLOCK);
    }
  }

  private static final dev.jsupervisor.core.TimeSource WALL_CLOCK = new dev.jsupervisor.core.TimeSource() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }
  };

  /** One line of the log, as its format says. */
  String line(Instant at, LogLevel level, String message) {
    return switch (format) {
      case RAW -> TIMESTAMP.format(LocalDateTime.ofInstant(at, ZoneId.systemDefault())) + " " + level.name() + " "
          + message + "\n";
      case TIMESTAMPED -> stamp.format(at) + " " + level.name() + " " + message + "\n";
      case JSON -> "{\"ts\":\"" + json(stamp.format(at)) + "\",\"level\":\"" + level.name() + "\",\"msg\":\""
          + json(message) + "\"}\n";
    };
  }

  private static String json(String s) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(s));
  }

  @Override
  public void log(LogLevel level, String message) {
    if (!level.passes(threshold)) {
      return;
    }
    String line = line(Instant.now(), level, message);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      sink.write(bytes, 0, bytes.length);
    }
  }

  /** The log file, if the daemon has one. */
  Optional<Path> file() {
    return file;
  }

  /** Reopens the file after an external rotation (SIGUSR2). */
  synchronized void reopen() throws IOException {
    sink.reopen();
  }

  /** Deletes and reopens the file ({@code clearLog}). */
  synchronized void clear() throws IOException {
    sink.clear();
  }

  @Override
  public synchronized void close() {
    sink.close();
  }
}
