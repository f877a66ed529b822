package dev.jsupervisor.app;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.log.ProcessLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's main (activity) log: lines {@code 2026-11-24 15:05:37,414 INFO message} in local
 * time, written to the log file (rotated like child logs) and, in the foreground unless
 * {@code silent}, to stdout. Thread-safe: the engine loop, HTTP threads and the main thread write.
 */
final class MainLog implements ActivityLog, Closeable {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);

  private final Optional<Path> file;
  private final LogLevel threshold;
  private final ProcessLog sink;

  /**
   * Opens the log.
   *
   * @param file the log file, empty for none
   * @param syslog also send every line to the local syslog ({@code logfile=syslog})
   * @param echoToStdout also write every line to the daemon's stdout
   * @throws IOException when the file cannot be opened
   */
  MainLog(Optional<Path> file, long maxbytes, int backups, LogLevel threshold, boolean syslog,
      boolean echoToStdout) throws IOException {
    this.file = file;
    this.threshold = threshold;
    List<LogTarget> targets = new ArrayList<>();
    file.ifPresent(f -> targets.add(new LogTarget.File(f)));
    if (syslog) {
      targets.add(LogTarget.Syslog.local());
    }
    if (echoToStdout) {
      targets.add(new LogTarget.Stdout());
    }
    // The main log cannot report its own failures (a full disk): they go to stderr, once per episode.
    this.sink = ProcessLog.open("main log", new LogSpec(targets, maxbytes, backups, 0, false, false),
        (level, message) -> System.err.println(level.name() + " " + message));
  }

  @Override
  public void log(LogLevel level, String message) {
    if (!level.passes(threshold)) {
      return;
    }
    String line = TIMESTAMP.format(LocalDateTime.now()) + " " + level.name() + " " + message + "\n";
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
