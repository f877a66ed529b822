package dev.jsupervisor.config.ini;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [name]} section: its own keys (lower-cased, last duplicate wins) in first-seen order.
 * Mutable only while {@link IniParser} reads into its document; read-only views afterwards. Not
 * thread-safe; a document is built and read on one thread.
 */
public final class IniSection {
  private final String name;
  private final Path file;
  private final String displayFile;
  private final int line;
  private final Map<String, IniValue> values = new LinkedHashMap<>();

  IniSection(String name, Path file, String displayFile, int line) {
    this.name = Objects.requireNonNull(name, "name");
    this.file = file;
    this.displayFile = displayFile;
    this.line = line;
  }

  /** The name between the brackets, case preserved. */
  public String name() {
    return name;
  }

  /** The file that first defined this section (absolute). */
  public Path file() {
    return file;
  }

  /** That file as supervisord names it in messages (the {@code -c} argument or the globbed path). */
  public String displayFile() {
    return displayFile;
  }

  /** The line of the first header of this section. */
  public int line() {
    return line;
  }

  /** This section's own keys (without {@code [DEFAULT]}), in first-seen order. */
  public Map<String, IniValue> values() {
    return Collections.unmodifiableMap(values);
  }

  /** This section's own value of {@code key} (already lower-case), ignoring {@code [DEFAULT]}. */
  public Optional<IniValue> own(String key) {
    return Optional.ofNullable(values.get(key));
  }

  void put(String key, IniValue value) {
    // Python dicts keep the first insertion position when a key is overwritten.
    values.put(key, value);
  }

  @Override
  public String toString() {
    return "[" + name + "] " + values;
  }
}
