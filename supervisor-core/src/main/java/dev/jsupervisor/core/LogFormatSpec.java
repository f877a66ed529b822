package dev.jsupervisor.core;

import dev.jsupervisor.core.log.RotationSchedule;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * How a process's captured output is shaped on its way to its log files and {@code /dev/stdout}:
 * our opt-in extension, off by default ({@link #RAW}: the bytes as written, as supervisord). Each
 * channel has its own {@link Lines line shape} ({@code stdout_log_format} … override
 * {@code log_format} … per channel); rotation and strip_ansi cover both. Syslog targets always get
 * the raw lines; PROCESS_LOG events get the raw bytes (with ANSI escapes stripped when
 * {@link #stripAnsi}, as supervisord does). With {@code redirect_stderr}, stderr's bytes are in the
 * stdout pipe and get stdout's shape.
 *
 * @param stripAnsi supervisord's {@code strip_ansi} ({@code [supervisord]} or {@code -t}): drop
 *     {@code ESC [ … terminator} sequences from the logs and from PROCESS_LOG events
 * @param stdout the stdout channel's line shape ({@code stdout_log_*}, else {@code log_*}); the
 *     main log's ({@code [supervisord]}) only one
 * @param stderr the stderr channel's line shape ({@code stderr_log_*}, else {@code log_*})
 * @param rotateSchedule {@code log_rotate}: time-based rotation ({@code hourly}, {@code daily}, or
 *     five cron fields {@code M H DOM MON DOW}); empty = by size only. Works with any format
 * @param gzip {@code log_rotate_gzip}: compress rotated files to {@code name.N.gz}, off the I/O thread
 */
public record LogFormatSpec(
    boolean stripAnsi,
    Lines stdout,
    Lines stderr,
    String rotateSchedule,
    boolean gzip) {

  /** The shape of each captured line. */
  public enum Format {
    /** The bytes as the child wrote them (supervisord). */
    RAW,
    /** {@code <timestamp> <line>}, one per line. */
    TIMESTAMPED,
    /** {@code {"ts":…,"program":…,"group":…,"pid":…,"stream":…,"msg":…}}, one per line. */
    JSON;

    /** The config value: {@code raw}, {@code timestamped}, {@code json}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One channel's line shape.
   *
   * @param format {@code log_format}: raw bytes, one timestamp per line, or one JSON object per line
   * @param timestampPattern {@code log_timestamp_format}: a {@link DateTimeFormatter} pattern; empty =
   *     ISO-8601 with milliseconds and the zone offset ({@code 2026-12-01T23:15:36.123+01:00})
   * @param maxLineBytes {@code log_line_maxbytes}: a longer line is cut into pieces of at most this
   *     many bytes, each marked; only with a line format
   */
  public record Lines(Format format, String timestampPattern, int maxLineBytes) {
    /** supervisord's raw bytes. */
    public static final Lines RAW = new Lines(Format.RAW, "", DEFAULT_MAX_LINE_BYTES);

    /** @throws IllegalArgumentException naming the bad pattern or bound */
    public Lines {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(timestampPattern, "timestampPattern");
      if (maxLineBytes < 64) {
        throw new IllegalArgumentException("the line bound must be at least 64 bytes but was " + maxLineBytes);
      }
      if (!timestampPattern.isEmpty()) {
        try {
          DateTimeFormatter.ofPattern(timestampPattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("not a timestamp pattern: '" + timestampPattern + "' (" + e.getMessage() + ")");
        }
      }
    }

    /** True when output is cut into lines (timestamps or JSON), false for raw bytes. */
    public boolean framesLines() {
      return format != Format.RAW;
    }
  }

  /** 16 KiB, as the line bound of container runtimes. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;

  /** supervisord's behaviour: raw bytes, size rotation only. */
  public static final LogFormatSpec RAW = new LogFormatSpec(false, Lines.RAW, Lines.RAW, "", false);

  /** @throws IllegalArgumentException naming the bad schedule */
  public LogFormatSpec {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(rotateSchedule, "rotateSchedule");
    if (!rotateSchedule.isEmpty()) {
      RotationSchedule.parse(rotateSchedule);
    }
  }

  /**
   * Both channels shaped alike.
   *
   * @throws IllegalArgumentException naming the bad pattern, schedule or bound
   */
  public LogFormatSpec(boolean stripAnsi, Format format, String timestampPattern, int maxLineBytes,
      String rotateSchedule, boolean gzip) {
    this(stripAnsi, new Lines(format, timestampPattern, maxLineBytes), new Lines(format, timestampPattern, maxLineBytes),
        rotateSchedule, gzip);
  }

  /** A copy with {@code strip_ansi} set. */
  public LogFormatSpec withStripAnsi(boolean v) {
    return new LogFormatSpec(v, stdout, stderr, rotateSchedule, gzip);
  }

  /** The line shape of channel {@code stream}: {@code "stderr"}'s, else stdout's. */
  public Lines lines(String stream) {
    return "stderr".equals(stream) ? stderr : stdout;
  }
}
