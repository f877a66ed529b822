package dev.jsupervisor.core.log;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.TimeSource;
import dev.jsupervisor.core.spi.DirectOutputSink;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

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
 *
 * <p>With a line {@link LogFormatSpec format}, file and stdout/stderr targets get the output as
 * timestamped or JSON lines ({@link LineFormatter}); syslog targets still get the raw bytes. A held
 * partial line goes out on {@link #flushPartial} (the child exited) or {@link #flushIfIdle}.
 *
 * <p>Plain output to file targets only takes the launcher's direct read buffer as it is
 * ({@link DirectOutputSink}): pipe to file without a copy through the heap. Otherwise such a
 * buffer is copied once into a heap array the log reuses.
 */
public final class ProcessLog implements DirectOutputSink, Closeable {
  /** Who writes to this log, for JSON lines: program (process name), group, stream (stdout/stderr). */
  public record Source(String program, String group, String stream) {}

  private final String label;
  private final List<Target> targets;
  private final boolean[] failing;
  /** Per target: bytes dropped in its current failing episode. */
  private final long[] droppedInEpisode;
  private static final java.util.concurrent.atomic.AtomicLong DROPPED_TOTAL = new java.util.concurrent.atomic.AtomicLong();
  private long dropped;
  private final boolean[] formatted;
  private final ActivityLog errors;
  private final LineFormatter formatter;
  private final TimeSource time;
  private long bytesWritten;
  private volatile String lastError;
  private boolean closed;
  private int lastPid;
  private long lastWriteNanos;
  private Runnable onPartial = () -> {};
  /** {@link #onPartial} ran and its owner has not yet had {@code ZERO} from {@link #flushIfIdle}. */
  private boolean idleCheckPending;
  /** Plain output, every target takes direct buffers: {@link #write(ByteBuffer)} copies nothing. */
  private final boolean passesBuffers;
  /** Where a direct buffer is copied when it cannot be passed on; grows to the largest chunk. */
  private byte[] scratch = new byte[0];

  private ProcessLog(String label, List<Target> targets, boolean[] formatted, ActivityLog errors,
      LineFormatter formatter, TimeSource time) {
    this.label = label;
    this.targets = targets;
    this.failing = new boolean[targets.size()];
    this.droppedInEpisode = new long[targets.size()];
    this.formatted = formatted;
    this.errors = errors;
    this.formatter = formatter;
    this.time = time;
    this.passesBuffers = formatter == null && targets.stream().allMatch(Target::takesBuffers);
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
    return open(label, spec, LogFormatSpec.RAW, new Source(procname(label), "", "stdout"),
        errors, SYSTEM_TIME, ZoneId.systemDefault(), Compressor.executor(), clock);
  }

  /**
   * As {@link #open(String, LogSpec, ActivityLog)}, shaping the output as {@code format} says
   * (the line shape of {@code source}'s stream, time rotation, gzip) with times from {@code time}
   * in the system's zone.
   *
   * @throws IOException if a target cannot be opened (none stays open then)
   */
  public static ProcessLog open(String label, LogSpec spec, LogFormatSpec format, Source source, ActivityLog errors,
      TimeSource time) throws IOException {
    return open(label, spec, format, source, errors, time, ZoneId.systemDefault(), Compressor.executor(),
        Clock.systemDefaultZone());
  }

  /** The first word of {@code label}: the process name that AUTO log targets are named after. */
  private static String procname(String label) {
    String l = label.strip();
    for (int i = 0; i < l.length(); i++) {
      if (Character.isWhitespace(l.charAt(i))) {
        return l.substring(0, i);
      }
    }
    return l;
  }

  static ProcessLog open(String label, LogSpec spec, LogFormatSpec format, Source source, ActivityLog errors,
      TimeSource time, ZoneId zone, Executor compressor, Clock clock) throws IOException {
    List<LogTarget> wanted = new ArrayList<>(spec.targets());
    if (spec.syslog() && wanted.stream().noneMatch(t -> t instanceof LogTarget.Syslog s && s.isLocal())) {
      wanted.add(LogTarget.Syslog.local());
    }
    String procname = procname(label);
    FileTarget.Rotation rotation = format.rotateSchedule().isEmpty() && !format.gzip() ? FileTarget.Rotation.SIZE_ONLY
        : new FileTarget.Rotation(format.rotateSchedule().isEmpty() ? null : RotationSchedule.parse(format.rotateSchedule()),
            zone, time, format.gzip(), compressor, m -> errors.log(LogLevel.ERRO, m));
    LogFormatSpec.Lines lines = format.lines(source.stream());
    List<Target> opened = new ArrayList<>();
    boolean[] formatted = new boolean[wanted.size()];
    try {
      for (int i = 0; i < wanted.size(); i++) {
        LogTarget t = wanted.get(i);
        opened.add(openTarget(t, spec, procname, clock, rotation));
        formatted[i] = lines.framesLines() && !(t instanceof LogTarget.Syslog);
      }
    } catch (IOException | RuntimeException e) {
      opened.forEach(Target::close);
      throw e;
    }
    LineFormatter formatter = lines.framesLines()
        ? new LineFormatter(lines, source.program(), source.group(), source.stream(), time, zone) : null;
    return new ProcessLog(label, List.copyOf(opened), formatted, errors, formatter, time);
  }

  /** A log over given targets (tests inject failing ones). */
  static ProcessLog of(String label, List<Target> targets, ActivityLog errors) {
    return new ProcessLog(label, List.copyOf(targets), new boolean[targets.size()], errors, null, SYSTEM_TIME);
  }

  private static final TimeSource SYSTEM_TIME = new TimeSource() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }
  };

  private static Target openTarget(LogTarget t, LogSpec spec, String procname, Clock clock, FileTarget.Rotation rotation)
      throws IOException {
    if (t instanceof LogTarget.File f) {
      return new FileTarget(f.path(), f.ownerOnly(), spec.maxbytes(), spec.backups(), rotation);
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
   * {@link #close()} are dropped. JSON lines carry the pid of the last {@link #forChild} writer.
   */
  @Override
  public void write(byte[] buf, int off, int len) {
    write(lastPid, buf, off, len);
  }

  /**
   * As {@link #write(byte[], int, int)}, taking {@code src}'s remaining bytes; a direct buffer
   * reaches file targets without a copy when the output is plain. Called by the launcher's I/O
   * thread; never throws.
   */
  @Override
  public synchronized void write(ByteBuffer src) {
    int len = src.remaining();
    if (!passesBuffers) {
      if (scratch.length < len) {
        scratch = new byte[Math.max(len, 2 * scratch.length)];
      }
      src.get(scratch, 0, len);
      write(lastPid, scratch, 0, len);
      return;
    }
    if (closed) {
      return;
    }
    bytesWritten += len;
    int from = src.position();
    for (int i = 0; i < targets.size() && len > 0; i++) {
      src.position(from);
      try {
        targets.get(i).write(src);
        if (failing[i]) {
          recovered(i);
        }
      } catch (IOException | RuntimeException e) {
        failed(i, e, len);
      }
    }
  }

  /** A sink for one child's output: as {@link #write}, with that child's pid in JSON lines. */
  public OutputSink forChild(IntSupplier pid) {
    return formatter == null ? this : (buf, off, len) -> write(pid.getAsInt(), buf, off, len);
  }

  private synchronized void write(int pid, byte[] buf, int off, int len) {
    if (closed) {
      return;
    }
    bytesWritten += len;
    if (formatter == null) {
      writeAll(buf, off, len, buf, off, len);
      return;
    }
    lastPid = pid;
    lastWriteNanos = time.nanoTime();
    boolean held = formatter.hasPartial();
    int n = formatter.feed(pid, buf, off, len);
    writeAll(buf, off, len, formatter.buffer(), 0, n);
    if (!held && formatter.hasPartial() && !idleCheckPending) {
      idleCheckPending = true; // one check at a time: a flood that ends reads mid-line must not post per read
      onPartial.run();
    }
  }

  private void writeAll(byte[] raw, int rawOff, int rawLen, byte[] lines, int linesOff, int linesLen) {
    for (int i = 0; i < targets.size(); i++) {
      boolean shaped = formatted[i];
      if (shaped ? linesLen == 0 : rawLen == 0) {
        continue;
      }
      Target t = targets.get(i);
      try {
        if (shaped) {
          t.write(lines, linesOff, linesLen);
        } else {
          t.write(raw, rawOff, rawLen);
        }
        if (failing[i]) {
          recovered(i);
        }
      } catch (IOException | RuntimeException e) {
        failed(i, e, shaped ? linesLen : rawLen);
      }
    }
  }

  private void failed(int i, Exception e, int len) {
    fail(i, "writing", e);
    droppedInEpisode[i] += len;
    dropped += len;
    DROPPED_TOTAL.addAndGet(len);
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

  /**
   * Sets what runs (on the writing I/O thread, with the lock held: it must only post) when a
   * partial line starts being held, so its owner can schedule {@link #flushIfIdle}; it does not run
   * again until {@link #flushIfIdle} has returned {@code ZERO} (the owner calls it again after each
   * wait it returns), so a flood whose reads end mid-line posts once, not once per read.
   */
  public synchronized void onPartialLine(Runnable r) {
    this.onPartial = r;
  }

  /** Writes out a held partial line as a whole line (its child exited). No-op for raw logs. Any thread. */
  public synchronized void flushPartial() {
    if (formatter != null && !closed && formatter.hasPartial()) {
      int n = formatter.flush(lastPid);
      writeAll(formatter.buffer(), 0, 0, formatter.buffer(), 0, n);
    }
  }

  /**
   * Writes out a held partial line if nothing was written for {@code idle}. Any thread.
   *
   * @return how long until the held line would be idle long enough; {@code Duration.ZERO} if
   *     nothing is held (any more)
   */
  public synchronized Duration flushIfIdle(Duration idle) {
    if (formatter != null && !closed && formatter.hasPartial()) {
      long quiet = time.nanoTime() - lastWriteNanos;
      if (quiet < idle.toNanos()) {
        return Duration.ofNanos(idle.toNanos() - quiet);
      }
      flushPartial();
    }
    idleCheckPending = false;
    return Duration.ZERO;
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
      flushPartial();
      closed = true;
      targets.forEach(Target::close);
    }
  }
}
