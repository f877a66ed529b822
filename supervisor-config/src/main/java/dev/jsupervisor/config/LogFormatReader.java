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
 * {@code log_rotate} ({@code hourly} | {@code daily} | {@code weekly} | five cron fields),
 * {@code log_rotate_gzip}; plus supervisord's global {@code strip_ansi}, which it applies to every
 * process. Throws {@link ValueException} on a bad value, after telling {@code currentKey} which key.
 */
final class LogFormatReader {
  private final SectionKeys keys;
  private final LoadContext ctx;
  private final String section;

  LogFormatReader(SectionKeys keys) {
    this.keys = keys;
    this.ctx = keys.ctx();
    this.section = keys.section();
  }

  private String get(String key, String dflt) {
    return keys.get(key, dflt);
  }

  void apply(ProcessSpec.Builder b) {
    b.logFormat(read(ctx.stripAnsi));
  }

  /** The spec these keys give, with {@code stripAnsi} as supervisord's global setting says. */
  LogFormatSpec read(boolean stripAnsi) {
    LogFormatSpec.Format format = format(get("log_format", "raw"));
    String pattern = get("log_timestamp_format", "").strip();
    if (!pattern.isEmpty()) {
      try {
        DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new ValueException("not a timestamp pattern: " + PythonRepr.of(pattern) + " (" + e.getMessage() + ")");
      }
    }
    long maxLine = Converters.byteSize(get("log_line_maxbytes", String.valueOf(LogFormatSpec.DEFAULT_MAX_LINE_BYTES)));
    if (maxLine < 64 || maxLine > 64L * 1024 * 1024) {
      throw new ValueException("log_line_maxbytes must be between 64 and 64MB but was " + maxLine);
    }
    String rotate = get("log_rotate", "").strip();
    if (!rotate.isEmpty()) {
      try {
        RotationSchedule.parse(rotate);
      } catch (IllegalArgumentException e) {
        throw new ValueException(e.getMessage());
      }
    }
    boolean gzip = Converters.bool(get("log_rotate_gzip", "false"));
    keys.currentKey().accept("");
    return new LogFormatSpec(stripAnsi, format, pattern, (int) maxLine, rotate, gzip);
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
