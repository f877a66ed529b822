package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.PythonRepr;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.log.RotationSchedule;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Our log-shaping keys of a program section (Python supervisord ignores them), read after
 * supervisord's own: {@code log_format} ({@code raw} | {@code timestamped} | {@code json}),
 * {@code log_timestamp_format} (a {@link DateTimeFormatter} pattern), {@code log_line_maxbytes},
 * each overridden per channel by {@code stdout_log_format}, {@code stderr_log_format},
 * {@code stdout_log_timestamp_format} … (a channel key wherever it is set, the section,
 * {@code [program-default]} or {@code [DEFAULT]}, wins over {@code log_*}); {@code log_rotate}
 * ({@code hourly} | {@code daily} | {@code weekly} | five cron fields) and {@code log_rotate_gzip},
 * for both channels; plus supervisord's global {@code strip_ansi}, which it applies to every
 * process. Throws {@link ValueException} on a bad value, after telling {@code currentKey} which key.
 */
final class LogFormatReader {
  private final SectionKeys keys;
  private final LoadContext ctx;

  LogFormatReader(SectionKeys keys) {
    this.keys = keys;
    this.ctx = keys.ctx();
  }

  /** Sets a program's (or event listener's) spec: the shared keys and the per-channel ones. */
  void apply(ProcessSpec.Builder b) {
    b.logFormat(read(ctx.stripAnsi, true));
  }

  /**
   * The spec these keys give, with {@code stripAnsi} as supervisord's global setting says;
   * {@code perChannel}: also read the {@code stdout_}/{@code stderr_} overrides (not for
   * {@code [supervisord]}, whose main log has one channel).
   */
  LogFormatSpec read(boolean stripAnsi, boolean perChannel) {
    LogFormatSpec.Lines shared = lines("", LogFormatSpec.Lines.RAW);
    LogFormatSpec.Lines stdout = perChannel ? lines("stdout_", shared) : shared;
    LogFormatSpec.Lines stderr = perChannel ? lines("stderr_", shared) : shared;
    String rotate = keys.get("log_rotate", "").strip();
    if (!rotate.isEmpty()) {
      try {
        RotationSchedule.parse(rotate);
      } catch (IllegalArgumentException e) {
        throw new ValueException(e.getMessage());
      }
    }
    boolean gzip = Converters.bool(keys.get("log_rotate_gzip", "false"));
    keys.currentKey().accept("");
    return new LogFormatSpec(stripAnsi, stdout, stderr, rotate, gzip);
  }

  /** {@code <prefix>log_format}, {@code _timestamp_format}, {@code _line_maxbytes}; unset: {@code dflt}'s. */
  private LogFormatSpec.Lines lines(String prefix, LogFormatSpec.Lines dflt) {
    String f = keys.get(prefix + "log_format", null);
    LogFormatSpec.Format format = f == null ? dflt.format() : format(f);
    String p = keys.get(prefix + "log_timestamp_format", null);
    String pattern = p == null ? dflt.timestampPattern() : p.strip();
    if (p != null && !pattern.isEmpty()) {
      try {
        DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new ValueException("not a timestamp pattern: " + PythonRepr.of(pattern) + " (" + e.getMessage() + ")");
      }
    }
    String maxKey = prefix + "log_line_maxbytes";
    String m = keys.get(maxKey, null);
    long maxLine = m == null ? dflt.maxLineBytes() : Converters.byteSize(m);
    if (maxLine < 64 || maxLine > 64L * 1024 * 1024) {
      throw new ValueException(maxKey + " must be between 64 and 64MB but was " + maxLine);
    }
    return new LogFormatSpec.Lines(format, pattern, (int) maxLine);
  }

  private static LogFormatSpec.Format format(String v) {
    for (LogFormatSpec.Format f : LogFormatSpec.Format.values()) {
      if (f.key().equals(v.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new ValueException("not a log format: " + PythonRepr.of(v) + " (raw, timestamped or json)");
  }
}
