package dev.jsupervisor.config.ini;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One raw value as written in a file, continuation lines joined with {@code \n}.
 *
 * @param value the raw text (not %-expanded)
 * @param file the file the key was written in (absolute)
 * @param line the 1-based line of the key
 */
public record IniValue(String value, Path file, int line) {
  public IniValue {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(file, "file");
  }
}
