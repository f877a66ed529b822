package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;

/** Records activity messages as {@code "INFO spawned: 'x' with pid 1000"}; thread-safe. */
final class RecordingActivityLog implements ActivityLog {
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void log(LogLevel level, String message) {
    lines.add(level + " " + message);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Lines without DEBG ones. */
  synchronized List<String> important() {
    return lines.stream().filter(l -> !l.startsWith("DEBG")).toList();
  }
}
