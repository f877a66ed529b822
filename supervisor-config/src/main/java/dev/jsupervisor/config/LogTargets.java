package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.PythonRepr;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.LogTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code *_logfile} values: supervisord's {@code logfile_name} (AUTO, NONE/OFF, the deprecated
 * {@code syslog}, or a path whose directory exists) plus the seed's forms: several comma-separated
 * targets, {@code /dev/stdout}, {@code /dev/stderr}, {@code /dev/null} and
 * {@code syslog @[proto:]host[:port]}.
 */
final class LogTargets {
  private static final Pattern REMOTE = Pattern.compile(
      "syslog\\s+@(?:(?<proto>tcp|udp):)?(?<host>\\[[^\\]]+\\]|[^:\\s]+)(?::(?<port>\\d+))?", Pattern.CASE_INSENSITIVE);

  /** The deprecated bare {@code syslog} was used (supervisord warns and sets {@code *_syslog}). */
  boolean deprecatedSyslog;

  private LogTargets() {}

  static LogTargets create() {
    return new LogTargets();
  }

  List<LogTarget> parse(String value, LoadContext ctx) {
    List<LogTarget> out = new ArrayList<>();
    if (value.indexOf(',') < 0) {
      single(value, ctx, out);
      return out;
    }
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        single(part.strip(), ctx, out);
      }
    }
    return out;
  }

  private void single(String value, LoadContext ctx, List<LogTarget> out) {
    String lower = value.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "none", "off", "/dev/null" -> { }
      case "auto" -> out.add(new LogTarget.Auto());
      case "syslog" -> {
        deprecatedSyslog = true;
        out.add(LogTarget.Syslog.local());
      }
      case "/dev/stdout" -> out.add(new LogTarget.Stdout());
      case "/dev/stderr" -> out.add(new LogTarget.Stderr());
      default -> {
        if (lower.startsWith("syslog") && lower.length() > 6 && Character.isWhitespace(lower.charAt(6))) {
          out.add(remote(value.strip()));
        } else {
          String path = Converters.existingDirpath(value, ctx.home());
          out.add(new LogTarget.File(ctx.cwd.resolve(path).normalize()));
        }
      }
    }
  }

  private static LogTarget.Syslog remote(String value) {
    Matcher m = REMOTE.matcher(value);
    if (!m.matches()) {
      throw new ValueException("invalid syslog target " + PythonRepr.of(value)
          + " (expected syslog @[tcp:|udp:]host[:port])");
    }
    String proto = m.group("proto") == null ? "udp" : m.group("proto").toLowerCase(Locale.ROOT);
    String host = m.group("host");
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = m.group("port") == null ? (proto.equals("tcp") ? 6514 : 514) : Converters.portNumber(m.group("port"));
    return new LogTarget.Syslog(proto, host, port);
  }
}
