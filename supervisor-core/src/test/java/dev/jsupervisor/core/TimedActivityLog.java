package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Records activity messages as {@code "INFO spawned: 'x' with pid 1000"} together with the
 * {@link System#nanoTime()} at which the loop logged them; thread-safe.
 */
final class TimedActivityLog implements ActivityLog {
  record Line(long nanos, String text) {}

  private final List<Line> lines = new ArrayList<>();

  @Override
  public synchronized void log(LogLevel level, String message) {
    lines.add(new Line(System.nanoTime(), level + " " + message));
  }

  synchronized List<String> lines() {
    return lines.stream().map(Line::text).toList();
  }

  synchronized List<String> matching(Predicate<String> p) {
    return lines.stream().map(Line::text).filter(p).toList();
  }

  synchronized long count(String prefix) {
    return lines.stream().filter(l -> l.text().startsWith(prefix)).count();
  }

  /** The line starting with {@code prefix} that comes after {@code skip} earlier such lines. */
  synchronized Optional<Line> first(String prefix, int skip) {
    return lines.stream().filter(l -> l.text().startsWith(prefix)).skip(skip).findFirst();
  }
}
