package dev.jsupervisor.config;

import dev.jsupervisor.config.ini.IniDocument;
import dev.jsupervisor.config.ini.IniSection;
import dev.jsupervisor.config.ini.IniValue;
import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.Expansions;
import dev.jsupervisor.config.values.UserDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one load: the merged document, the expansion names, and the messages collected.
 * Confined to the loading thread.
 */
final class LoadContext {
  static final String PROGRAM_DEFAULT = "program-default";

  final IniDocument doc;
  final Path mainFile;
  final String mainDisplay;
  final Map<String, String> environment;
  final String hostname;
  final Path cwd;
  final UserDatabase users;
  /** {@code ENV_X} names: the process environment, then {@code [supervisord] environment}. */
  final Map<String, Object> environExpansions = new LinkedHashMap<>();
  final List<String> warnings = new ArrayList<>();
  final List<String> infos = new ArrayList<>();
  final List<ConfigProblem> problems = new ArrayList<>();
  /** {@code [supervisord] strip_ansi}, set once that section is read; every process's output obeys it. */
  boolean stripAnsi;

  LoadContext(IniDocument doc, Path mainFile, String mainDisplay, Map<String, String> environment,
      String hostname, Path cwd, UserDatabase users) {
    this.doc = doc;
    this.mainFile = mainFile;
    this.mainDisplay = mainDisplay;
    this.environment = environment;
    this.hostname = hostname;
    this.cwd = cwd;
    this.users = users;
    environment.forEach((k, v) -> environExpansions.put("ENV_" + k, v));
  }

  String home() {
    return environment.get("HOME");
  }

  /** The raw value: the section's own, then {@code [program-default]}'s if asked, then {@code [DEFAULT]}'s. */
  Optional<IniValue> raw(String section, String key, boolean programDefaults) {
    // plain ifs, no Optional chains: this runs for every key of every program at start-up, and a
    // capturing lambda is an allocation through a method handle there (interpreted, or C1's
    // out-of-line Unsafe.allocateInstance): it was a fifth of loading 100 programs
    Optional<IniSection> s = doc.section(section);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<IniValue> own = s.get().own(key);
    if (own.isPresent()) {
      return own;
    }
    if (programDefaults) {
      Optional<IniSection> pd = doc.section(PROGRAM_DEFAULT);
      Optional<IniValue> v = pd.isPresent() ? pd.get().own(key) : Optional.empty();
      if (v.isPresent()) {
        return v;
      }
    }
    // an inherited [DEFAULT] value means what it would in the inheriting section's file
    Optional<IniSection> defaults = doc.defaults();
    Optional<IniValue> v = defaults.isPresent() ? defaults.get().own(key) : Optional.empty();
    return v.isEmpty() ? v : Optional.of(new IniValue(v.get().value(), s.get().file(), v.get().line()));
  }

  /**
   * supervisord's {@code saneget}: the value (or {@code dflt} when absent, which may be null), then
   * %-expanded with ENV_*, {@code here} (the directory of the file the value is written in) and
   * {@code extra}. Defaults are expanded too, as in supervisord.
   */
  String get(String section, String key, String dflt, Map<String, Object> extra, boolean programDefaults) {
    Optional<IniValue> v = raw(section, key, programDefaults);
    String text = v.isPresent() ? v.get().value() : dflt;
    if (text == null) {
      return null;
    }
    if (text.indexOf('%') < 0) { // nothing to expand: skip building the names (a copy of the environment)
      return text;
    }
    Path file = v.isPresent() ? v.get().file() : sectionFile(section);
    return Expansions.expand(text, expansions(file, extra), section + "." + key);
  }

  /** The unexpanded value or {@code dflt}. */
  String getRaw(String section, String key, String dflt, boolean programDefaults) {
    return raw(section, key, programDefaults).map(IniValue::value).orElse(dflt);
  }

  Map<String, Object> expansions(Path file, Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>(environExpansions);
    m.putAll(extra);
    m.put("here", here(file));
    return m;
  }

  String here(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent == null ? "/" : parent.toString();
  }

  Path sectionFile(String section) {
    return doc.section(section).map(IniSection::file).orElse(mainFile);
  }

  /** The file supervisord names for a section in its {@code (file: '…')} suffix. */
  String displayFile(String section) {
    return doc.section(section).map(IniSection::displayFile).orElse(mainDisplay);
  }

  int line(String section, String key) {
    return raw(section, key, false).map(IniValue::line)
        .orElseGet(() -> doc.section(section).map(IniSection::line).orElse(0));
  }

  void problem(String section, String key, String message) {
    problems.add(new ConfigProblem(displayFile(section), line(section, key), section, key, message));
  }

  /** {@code normalize_path}: {@code ~} expanded, absolute against the working directory, normalized. */
  Path normalizePath(String value) {
    return cwd.resolve(Converters.expandUser(value, home())).normalize();
  }
}
