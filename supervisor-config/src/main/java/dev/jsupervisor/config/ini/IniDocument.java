package dev.jsupervisor.config.ini;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged content of one or more files read by {@link IniParser}, like one Python
 * {@code RawConfigParser} after several {@code read()} calls: later files add sections and overwrite
 * keys. {@code [DEFAULT]} is kept apart and inherited by every section on lookup. Not thread-safe.
 */
public final class IniDocument {
  /** The name of the section every other section inherits from. */
  public static final String DEFAULT_SECTION = "DEFAULT";

  private final Map<String, IniSection> sections = new LinkedHashMap<>();
  private IniSection defaults;

  /** An empty document to read files into. */
  public IniDocument() {}

  /** Section names in first-seen order, without {@code DEFAULT} (Python's {@code sections()}). */
  public List<String> sectionNames() {
    return Collections.unmodifiableList(new ArrayList<>(sections.keySet()));
  }

  /** Whether {@code [name]} exists (case-sensitive, as in supervisord). */
  public boolean hasSection(String name) {
    return sections.containsKey(name);
  }

  /** The section {@code [name]}, if present. */
  public Optional<IniSection> section(String name) {
    return Optional.ofNullable(sections.get(name));
  }

  /** The {@code [DEFAULT]} section, if any file had one. */
  public Optional<IniSection> defaults() {
    return Optional.ofNullable(defaults);
  }

  /**
   * The value of {@code key} in {@code [section]}: its own value, else {@code [DEFAULT]}'s (Python's
   * {@code get}). Empty when neither has it or the section does not exist.
   */
  public Optional<IniValue> get(String section, String key) {
    IniSection s = sections.get(section);
    if (s == null) {
      return Optional.empty();
    }
    Optional<IniValue> own = s.own(key);
    if (own.isPresent() || defaults == null) {
      return own;
    }
    return defaults.own(key);
  }

  /** Keys of {@code [section]} including inherited {@code [DEFAULT]} keys (Python's {@code options()}). */
  public List<String> keys(String section) {
    List<String> out = new ArrayList<>();
    IniSection s = sections.get(section);
    if (s == null) {
      return out;
    }
    out.addAll(s.values().keySet());
    if (defaults != null) {
      for (String k : defaults.values().keySet()) {
        if (!out.contains(k)) {
          out.add(k);
        }
      }
    }
    return out;
  }

  IniSection sectionForWrite(String name, java.nio.file.Path file, String displayFile, int line) {
    if (name.equals(DEFAULT_SECTION)) {
      if (defaults == null) {
        defaults = new IniSection(name, file, displayFile, line);
      }
      return defaults;
    }
    return sections.computeIfAbsent(name, n -> new IniSection(n, file, displayFile, line));
  }
}
