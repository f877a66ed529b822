package dev.jsupervisor.core.log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * When a log file is rotated by time ({@code log_rotate}): {@code hourly} (at minute 0),
 * {@code daily} (at midnight), {@code weekly} (Sunday midnight), or five cron fields
 * {@code minute hour day-of-month month day-of-week}, each {@code *}, a number, a range
 * {@code a-b}, a step {@code *}{@code /n} or {@code a-b/n}, or a comma list of those; day-of-week
 * 0 and 7 are Sunday; when both day fields are restricted either one matching suffices (cron's
 * rule). Immutable; any thread.
 */
public final class RotationSchedule {
  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;

  private RotationSchedule(String text, String[] f) {
    this.text = text;
    this.minutes = field(f[0], 0, 59, "minute");
    this.hours = field(f[1], 0, 23, "hour");
    this.days = field(f[2], 1, 31, "day of month");
    this.months = field(f[3], 1, 12, "month");
    BitSet dow = field(f[4], 0, 7, "day of week");
    if (dow.get(7)) {
      dow.set(0);
    }
    this.weekdays = dow;
    this.anyDay = f[2].equals("*");
    this.anyWeekday = f[4].equals("*");
  }

  /**
   * Parses a schedule.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static RotationSchedule parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    String cron = switch (t) {
      case "hourly" -> "0 * * * *";
      case "daily", "midnight" -> "0 0 * * *";
      case "weekly" -> "0 0 * * 0";
      default -> t;
    };
    String[] f = cron.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("not a rotation schedule: '" + text
          + "' (hourly, daily, weekly or five cron fields 'minute hour day month weekday')");
    }
    try {
      return new RotationSchedule(text.strip(), f);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a rotation schedule: '" + text + "' (" + e.getMessage() + ")");
    }
  }

  private static BitSet field(String spec, int min, int max, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max, what + " step");
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.indexOf('-') > 0) {
        lo = number(range.substring(0, range.indexOf('-')), min, max, what);
        hi = number(range.substring(range.indexOf('-') + 1), min, max, what);
        if (hi < lo) {
          throw new IllegalArgumentException(what + " range " + range + " is backwards");
        }
      } else {
        lo = number(range, min, max, what);
        hi = slash >= 0 ? max : lo;
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, String what) {
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' is not a number");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " " + v + " is not in " + min + ".." + max);
    }
    return v;
  }

  /** The first scheduled instant strictly after {@code after}, in {@code zone}'s local time. */
  public Instant next(Instant after, ZoneId zone) {
    LocalDateTime t = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int guard = 0; guard < 366 * 24 * 60 * 5; guard++) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.withHour(0).withMinute(0).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.withMinute(0).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        Instant at = t.atZone(zone).toInstant();
        if (at.isAfter(after)) {
          return at;
        }
        t = t.plusMinutes(1);
      }
    }
    throw new IllegalStateException("the schedule '" + text + "' never fires (e.g. 31 February)");
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = days.get(t.getDayOfMonth());
    boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
