package dev.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough of Python's {@code RawConfigParser} (as supervisord configures it) to read the
 * {@code [supervisorctl]} section: {@code key = value} or {@code key: value}, lower-cased keys,
 * full-line comments, inline {@code ;}/{@code #} comments after whitespace, indented continuation
 * lines, repeated sections merged. Immutable after {@link #read}.
 */
final class IniFile {
  private final Map<String, Map<String, String>> sections;

  private IniFile(Map<String, Map<String, String>> sections) {
    this.sections = sections;
  }

  /**
   * Reads and parses a file.
   *
   * @throws IOException if it cannot be read or has a line outside any section or without '='
   */
  static IniFile read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  static IniFile parse(List<String> lines, String source) throws IOException {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    String lastKey = null;
    int lineNo = 0;
    for (String raw : lines) {
      lineNo++;
      String stripped = raw.strip();
      if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
        continue;
      }
      String value = stripInlineComment(raw).strip();
      boolean indented = Character.isWhitespace(raw.charAt(0));
      if (indented && current != null && lastKey != null) {
        current.put(lastKey, current.get(lastKey) + "\n" + value);
        continue;
      }
      if (value.startsWith("[") && value.endsWith("]")) {
        String name = value.substring(1, value.length() - 1);
        current = sections.get(name);
        if (current == null) {
          current = new LinkedHashMap<>();
          sections.put(name, current);
        }
        lastKey = null;
        continue;
      }
      if (current == null) {
        throw new IOException("File contains no section headers. file: '" + source + "', line: " + lineNo);
      }
      int sep = indexOfSeparator(value);
      if (sep <= 0) {
        throw new IOException("Source contains parsing errors: '" + source + "' [line " + lineNo + "]");
      }
      lastKey = value.substring(0, sep).strip().toLowerCase(Locale.ROOT);
      current.put(lastKey, value.substring(sep + 1).strip());
    }
    return new IniFile(sections);
  }

  private static int indexOfSeparator(String s) {
    int eq = s.indexOf('=');
    int colon = s.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }

  private static String stripInlineComment(String line) {
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == ';' || c == '#') && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** The keys of a section (lower-cased), or null if the file has no such section. */
  Map<String, String> section(String name) {
    return sections.get(name);
  }

  /**
   * supervisord's {@code %(name)s} expansion: {@code ENV_X} from the environment, {@code here}
   * when given, {@code %%} for a literal percent sign.
   */
  static final class Expander {
    private final Map<String, String> values = new HashMap<>();
    private final String section;

    Expander(Map<String, String> env, String here, String section) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        values.put("ENV_" + e.getKey(), e.getValue());
      }
      if (here != null) {
        values.put("here", here);
      }
      this.section = section;
    }

    String expand(String key, String text) throws CtlOptions.UsageException {
      StringBuilder sb = new StringBuilder(text.length());
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c != '%') {
          sb.append(c);
          i++;
        } else if (text.startsWith("%%", i)) {
          sb.append('%');
          i += 2;
        } else if (text.startsWith("%(", i) && text.indexOf(")s", i) > 0) {
          int close = text.indexOf(")s", i);
          String name = text.substring(i + 2, close);
          String v = values.get(name);
          if (v == null) {
            throw new CtlOptions.UsageException("Format string '" + text + "' for '" + section + "."
                + key + "' contains names ('" + name + "') which cannot be expanded. Available names: "
                + String.join(", ", new java.util.TreeSet<>(values.keySet())));
          }
          sb.append(v);
          i = close + 2;
        } else {
          throw new CtlOptions.UsageException("Format string '" + text + "' for '" + section + "."
              + key + "' is badly formatted");
        }
      }
      return sb.toString();
    }
  }
}
