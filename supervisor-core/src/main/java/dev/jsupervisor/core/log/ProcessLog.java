package dev.jsupervisor.core.log;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One output stream of a process, written to all its targets: files rotated by size
 * ({@code name}, {@code name.1} … {@code name.N}), the supervisor's stdout/stderr, syslog.
 * Thread-safe: the launcher's I/O thread writes, the loop or RPC threads clear/reopen; one lock
 * orders everything, so bytes reach every target in the order written.
 *
 * <p>Write errors never propagate (the writer is the I/O thread of all children): a failing
 * target is skipped for that write, the others still get the bytes, the error is kept as
 * {@link #lastError()} and reported once to the {@link ActivityLog} (again only after the target
 * recovered and failed anew). A full disk (ENOSPC) is such an episode: the bytes a failing target
 * did not take are counted ({@link #droppedBytes()}, and JVM-wide {@link #droppedBytesTotal()} for
 * the metrics) and named in the line logged when the target takes writes again.
 */
public final class ProcessLog implements OutputSink, Closeable {
  private final String label;
  private final List<Target> targets;
  private final boolean[] failing;
  /** Per target: bytes dropped in its current failing episode. */
  private final long[] droppedInEpisode;
  private static final java.util.concurrent.atomic.AtomicLong DROPPED_TOTAL = new java.util.concurrent.atomic.AtomicLong();
  private long dropped;
  private final ActivityLog errors;
  private long bytesWritten;
  private volatile String lastError;
  private boolean closed;

  private ProcessLog(String label, List<Target> targets, ActivityLog errors) {
    this.label = label;
    this.targets = targets;
    this.failing = new boolean[targets.size()];
    this.droppedInEpisode = new long[targets.size()];
    this.errors = errors;
  }

  /**
   * Opens (creating, appending) the targets of {@code spec}. {@code spec} must not contain AUTO
   * targets: the engine replaces them by files first. Write errors are only kept in
   * {@link #lastError()}.
   *
   * @param label e.g. {@code web:api stdout}, for error messages; its first word is the process
   *     name in syslog lines
   * @throws IOException if a target cannot be opened (none stays open then)
   */
  public static ProcessLog open(String label, LogSpec spec) throws IOException {
    return open(label, spec, ActivityLog.NONE);
  }

  /**
   * As {@link #open(String, LogSpec)}, reporting write errors to {@code errors} (at ERRO, once per
   * failing target, from the writing thread; at WARN with the bytes dropped once it takes writes
   * again).
   */
  public static ProcessLog open(String label, LogSpec spec, ActivityLog errors) throws IOException {
    return open(label, spec, errors, Clock.systemDefaultZone());
  }

  static ProcessLog open(String label, LogSpec spec, ActivityLog errors, Clock clock) throws IOException {
    List<LogTarget> wanted = new ArrayList<>(spec.targets());
    if (spec.syslog() && wanted.stream().noneMatch(t -> t instanceof LogTarget.Syslog s && s.isLocal())) {
      wanted.add(LogTarget.Syslog.local());
    }
    String procname = label.strip().split("\\s+", 2)[0];
    List<Target> opened = new ArrayList<>();
    try {
      for (LogTarget t : wanted) {
        opened.add(openTarget(t, spec, procname, clock));
      }
    } catch (IOException | RuntimeException e) {
      opened.forEach(Target::close);
      throw e;
    }
    return new ProcessLog(label, List.copyOf(opened), errors);
  }

  /** A log over given targets (tests inject failing ones). */
  static ProcessLog of(String label, List<Target> targets, ActivityLog errors) {
    return new ProcessLog(label, List.copyOf(targets), errors);
  }

  private static Target openTarget(LogTarget t, LogSpec spec, String procname, Clock clock) throws IOException {
    if (t instanceof LogTarget.File f) {
      return new FileTarget(f.path(), f.ownerOnly(), spec.maxbytes(), spec.backups());
    } else if (t instanceof LogTarget.Stdout) {
      return StdioTarget.stdout();
    } else if (t instanceof LogTarget.Stderr) {
      return StdioTarget.stderr();
    } else if (t instanceof LogTarget.Syslog s) {
      return new SyslogTarget(s, procname, clock);
    }
    throw new IllegalArgumentException("an AUTO log target must be resolved to a file before opening " + procname);
  }

  /**
   * Writes to every target, in order; then rotates file targets that reached maxbytes. Called by
   * the launcher's I/O thread. Never throws; errors go to {@link #lastError()}. Writes after
   * {@link #close()} are dropped.
   */
  @Override
  public synchronized void write(byte[] buf, int off, int len) {
    if (closed) {
      return;
    }
    bytesWritten += len;
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      try {
        t.write(buf, off, len);
        if (failing[i]) {
          recovered(i);
        }
      } catch (IOException | RuntimeException e) {
        fail(i, "writing", e);
        droppedInEpisode[i] += len;
        dropped += len;
        DROPPED_TOTAL.addAndGet(len);
      }
    }
  }

  private void recovered(int i) {
    failing[i] = false;
    long lost = droppedInEpisode[i];
    droppedInEpisode[i] = 0;
    errors.log(LogLevel.WARN, "log of " + label + " (" + targets.get(i).describe() + ") is written again; "
        + lost + " bytes were dropped while it failed");
  }

  /** Bytes that a target of this log did not take (each failing target counts them). Any thread. */
  public synchronized long droppedBytes() {
    return dropped;
  }

  /** {@link #droppedBytes()} summed over every ProcessLog of this JVM since it started. Any thread. */
  public static long droppedBytesTotal() {
    return DROPPED_TOTAL.get();
  }

  private void fail(int i, String doing, Exception e) {
    String msg = "error " + doing + " log of " + label + " (" + targets.get(i).describe() + "): " + e.getMessage();
    lastError = msg;
    if (!failing[i]) {
      failing[i] = true;
      errors.log(LogLevel.ERRO, msg);
    }
  }

  /** The first file target, which readLog/tail read; empty if none. Any thread. */
  public Optional<Path> file() {
    for (Target t : targets) {
      Optional<Path> f = t.file();
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /** Total bytes handed to {@link #write} since opened (whether or not every target took them). */
  public synchronized long bytesWritten() {
    return bytesWritten;
  }

  /** The most recent error of any target, e.g. for a status page; empty if none yet. Any thread. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /**
   * Closes and reopens the file targets (after logrotate moved them). Any thread.
   *
   * @throws IOException the first failure; the other targets are reopened anyway
   */
  public synchronized void reopen() throws IOException {
    each(Target::reopen, "reopening");
  }

  /**
   * Deletes and reopens the file targets (backups untouched), as clearProcessLogs does. Any thread.
   *
   * @throws IOException the first failure; the other targets are cleared anyway
   */
  public synchronized void clear() throws IOException {
    each(Target::clear, "clearing");
  }

  private interface TargetAction {
    void apply(Target t) throws IOException;
  }

  private void each(TargetAction action, String doing) throws IOException {
    IOException first = null;
    for (int i = 0; i < targets.size(); i++) {
      try {
        action.apply(targets.get(i));
      } catch (IOException e) {
        fail(i, doing, e);
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Closes every target; later writes are dropped. Idempotent; any thread. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      targets.forEach(Target::close);
    }
  }
}
