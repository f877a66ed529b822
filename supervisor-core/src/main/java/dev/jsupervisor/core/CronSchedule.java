package dev.jsupervisor.core;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go port's {@code cron} schedule (robfig/cron with seconds): six fields, {@code second minute
 * hour day-of-month month day-of-week}, each {@code *}, {@code ?}, a value, a range {@code a-b}, a
 * step {@code * /n}, {@code a-b/n} or {@code a/n}, or a comma list of those; months {@code JAN-DEC}
 * and week days {@code SUN-SAT} (0 = Sunday) by name too; when both day fields are restricted a day
 * matching either counts (cron's rule). Also {@code @yearly}, {@code @annually}, {@code @monthly},
 * {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly} and {@code @every <duration>}
 * (Go's duration syntax, e.g. {@code 1m30s}). Times are in the supervisor's time zone unless the
 * spec starts with {@code CRON_TZ=<zone>} (or {@code TZ=<zone>}). Immutable; any thread.
 */
public final class CronSchedule {
  private static final int SECOND = 0, MINUTE = 1, HOUR = 2, DOM = 3, MONTH = 4, DOW = 5;
  private static final int[] MIN = {0, 0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 59, 23, 31, 12, 6};
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private final String text;
  private final Optional<ZoneId> zone;
  private final BitSet[] fields;
  private final boolean domStar;
  private final boolean dowStar;
  private final Duration every;

  private CronSchedule(String text, Optional<ZoneId> zone, BitSet[] fields, boolean domStar, boolean dowStar,
      Duration every) {
    this.text = text;
    this.zone = zone;
    this.fields = fields;
    this.domStar = domStar;
    this.dowStar = dowStar;
    this.every = every;
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static CronSchedule parse(String spec) {
    String text = spec.strip();
    String rest = text;
    Optional<ZoneId> zone = Optional.empty();
    if (rest.startsWith("CRON_TZ=") || rest.startsWith("TZ=")) {
      int sp = rest.indexOf(' ');
      String name = rest.substring(rest.indexOf('=') + 1, sp < 0 ? rest.length() : sp);
      try {
        zone = Optional.of(ZoneId.of(name));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone " + name);
      }
      rest = sp < 0 ? "" : rest.substring(sp + 1).strip();
    }
    if (rest.startsWith("@")) {
      return descriptor(text, zone, rest);
    }
    String[] parts = rest.split("\\s+");
    if (parts.length != 6) {
      throw new IllegalArgumentException("expected 6 fields (second minute hour day-of-month month day-of-week), found "
          + (rest.isEmpty() ? 0 : parts.length));
    }
    BitSet[] fields = new BitSet[6];
    for (int i = 0; i < 6; i++) {
      fields[i] = field(parts[i], i);
    }
    return new CronSchedule(text, zone, fields, isStar(parts[DOM]), isStar(parts[DOW]), null);
  }

  private static boolean isStar(String f) {
    return f.startsWith("*") || f.startsWith("?");
  }

  private static CronSchedule descriptor(String text, Optional<ZoneId> zone, String d) {
    String lower = d.toLowerCase(Locale.ROOT);
    String six = switch (lower) {
      case "@yearly", "@annually" -> "0 0 0 1 1 *";
      case "@monthly" -> "0 0 0 1 * *";
      case "@weekly" -> "0 0 0 * * 0";
      case "@daily", "@midnight" -> "0 0 0 * * *";
      case "@hourly" -> "0 0 * * * *";
      default -> null;
    };
    if (six != null) {
      CronSchedule s = parse(six);
      return new CronSchedule(text, zone, s.fields, s.domStar, s.dowStar, null);
    }
    if (lower.startsWith("@every ")) {
      Duration every = goDuration(d.substring(7).strip());
      if (every.compareTo(Duration.ofSeconds(1)) < 0) {
        every = Duration.ofSeconds(1); // as robfig/cron: at most once a second
      }
      return new CronSchedule(text, zone, null, true, true, every);
    }
    throw new IllegalArgumentException("unrecognized descriptor " + d);
  }

  private static Duration goDuration(String s) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = GO_DURATION.matcher(s);
    int at = 0;
    double nanos = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      double v = Double.parseDouble(m.group(1));
      nanos += v * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      at = m.end();
    }
    if (at != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration " + s);
    }
    return Duration.ofNanos((long) nanos);
  }

  private static BitSet field(String f, int which) {
    BitSet bits = new BitSet();
    for (String part : f.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), which, part);
        if (step <= 0) {
          throw new IllegalArgumentException("step of " + part + " must be positive");
        }
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = MIN[which];
        hi = MAX[which];
      } else {
        int dash = range.indexOf('-');
        lo = value(dash < 0 ? range : range.substring(0, dash), which, part);
        hi = dash < 0 ? (slash >= 0 ? MAX[which] : lo) : value(range.substring(dash + 1), which, part);
      }
      if (lo < MIN[which] || hi > MAX[which] || lo > hi) {
        throw new IllegalArgumentException(part + " is outside " + MIN[which] + "-" + MAX[which]);
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int value(String s, int which, String part) {
    String[] names = which == MONTH ? MONTHS : which == DOW ? DAYS : null;
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(s)) {
          return which == MONTH ? i + 1 : i;
        }
      }
    }
    return number(s, which, part);
  }

  private static int number(String s, int which, String part) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad value " + s + " in " + part);
    }
  }

  /** The first tick strictly after {@code after}, or empty if there is none within five years. */
  public Optional<Instant> next(Instant after, ZoneId defaultZone) {
    ZoneId z = zone.orElse(defaultZone);
    if (every != null) {
      // robfig/cron: every interval from the previous tick, on whole seconds
      return Optional.of(after.plus(every).truncatedTo(ChronoUnit.SECONDS));
    }
    ZonedDateTime t = after.atZone(z).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    int limit = t.getYear() + 5;
    while (t.getYear() <= limit) {
      if (!fields[MONTH].get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
        continue;
      }
      if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        continue;
      }
      if (!fields[HOUR].get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (!fields[MINUTE].get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        continue;
      }
      if (!fields[SECOND].get(t.getSecond())) {
        t = t.plusSeconds(1);
        continue;
      }
      return Optional.of(t.toInstant());
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = fields[DOM].get(t.getDayOfMonth());
    boolean dow = fields[DOW].get(t.getDayOfWeek().getValue() % 7);
    return domStar || dowStar ? dom && dow : dom || dow;
  }

  /** The spec as written. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }
}
