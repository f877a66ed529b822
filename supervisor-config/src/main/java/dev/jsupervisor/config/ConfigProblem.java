package dev.jsupervisor.config;

import java.util.Objects;

/**
 * One reason a configuration was rejected.
 *
 * @param file the file as supervisord names it (the {@code -c} path as given, or an included path)
 * @param line the line of the offending key or section, 0 when unknown
 * @param section the section name without brackets, "" when none applies
 * @param key the key, "" when none applies
 * @param message exactly what Python supervisord prints after {@code Error: }, suffix included
 */
public record ConfigProblem(String file, int line, String section, String key, String message) {
  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
