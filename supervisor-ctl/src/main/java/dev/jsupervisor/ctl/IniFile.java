package dev.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an INI file by the rules of Python's {@code RawConfigParser} as supervisord configures it
 * ({@code inline_comment_prefixes=(';','#')}, {@code strict=False}, {@code empty_lines_in_values=True}),
 * the same rules as supervisor-config's {@code IniParser} (its IniFileDifferentialTest holds the
 * two to each other): {@code key = value} or {@code key: value} at the first delimiter, lower-cased keys,
 * {@code ;}/{@code #} comments at the start of a line or after whitespace, continuation lines indented
 * deeper than their key (blank lines inside kept, the value's end stripped), repeated sections merged,
 * the last duplicate key wins, {@code [DEFAULT]} inherited by every section. Values stay raw.
 * Immutable after {@link #read}; any thread.
 */
final class IniFile {
  private static final String DEFAULT_SECTION = "DEFAULT";
  private static final Pattern HEADER = Pattern.compile("\\[(.+)\\]");
  private static final Pattern OPTION = Pattern.compile("(.*?)\\s*[=:]\\s*(.*)$");

  private final Map<String, Map<String, String>> sections;
  private final Map<String, String> defaults;

  private IniFile(Map<String, Map<String, String>> sections, Map<String, String> defaults) {
    this.sections = sections;
    this.defaults = defaults;
  }

  /**
   * Reads and parses a UTF-8 file on the calling thread.
   *
   * @throws IOException if it cannot be read, or at its first line that is neither a section header,
   *     an option, a comment nor a continuation (or is an option before any header)
   */
  static IniFile read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  private static IniFile parse(List<String> lines, String source) throws IOException {
    Map<String, Map<String, List<String>>> parts = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    List<String> open = null; // the parts of the value that continuation and blank lines extend
    int keyIndent = 0;
    for (int lineNo = 1; lineNo <= lines.size(); lineNo++) {
      String line = lines.get(lineNo - 1);
      int comment = commentStart(line);
      String text = (comment < 0 ? line : line.substring(0, comment)).strip();
      int indent = indentOf(line);
      if (text.isEmpty()) {
        if (comment < 0 && open != null) {
          open.add("");
        }
        continue;
      }
      if (open != null && indent > keyIndent) {
        open.add(text);
        continue;
      }
      keyIndent = indent;
      Matcher header = HEADER.matcher(text);
      Matcher option = OPTION.matcher(text);
      if (header.lookingAt()) {
        current = parts.computeIfAbsent(header.group(1), name -> new LinkedHashMap<>());
        open = null;
      } else if (current == null) {
        throw new IOException("File contains no section headers. file: '" + source + "', line: " + lineNo);
      } else if (option.lookingAt() && !option.group(1).isEmpty()) {
        open = new ArrayList<>(List.of(option.group(2).strip()));
        current.put(option.group(1).stripTrailing().toLowerCase(Locale.ROOT), open);
      } else {
        throw new IOException("Source contains parsing errors: '" + source + "' [line " + lineNo + "]");
      }
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    parts.forEach((name, keys) -> {
      Map<String, String> values = new LinkedHashMap<>();
      keys.forEach((key, value) -> values.put(key, String.join("\n", value).stripTrailing()));
      sections.put(name, values);
    });
    Map<String, String> defaults = sections.remove(DEFAULT_SECTION);
    return new IniFile(sections, defaults == null ? Map.of() : defaults);
  }

  /**
   * Where a comment starts, or -1. Python's search: round k looks at the k-th {@code ;} and the
   * k-th {@code #}; the first round in which one of them starts the line or follows whitespace ends
   * the search, the earlier of the two winning. A full-line comment is the case where only
   * whitespace precedes it.
   */
  private static int commentStart(String line) {
    int semicolon = line.indexOf(';');
    int hash = line.indexOf('#');
    while (semicolon >= 0 || hash >= 0) {
      boolean bySemicolon = startsComment(line, semicolon);
      boolean byHash = startsComment(line, hash);
      if (bySemicolon && byHash) {
        return Math.min(semicolon, hash);
      } else if (bySemicolon || byHash) {
        return bySemicolon ? semicolon : hash;
      }
      semicolon = semicolon < 0 ? -1 : line.indexOf(';', semicolon + 1);
      hash = hash < 0 ? -1 : line.indexOf('#', hash + 1);
    }
    return -1;
  }

  private static boolean startsComment(String line, int index) {
    return index == 0 || index > 0 && Character.isWhitespace(line.charAt(index - 1));
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The sections in first-seen order, without {@code [DEFAULT]} (Python's {@code sections()}). */
  Set<String> sectionNames() {
    return Collections.unmodifiableSet(sections.keySet());
  }

  /**
   * The keys of a section (lower-cased) over those of {@code [DEFAULT]}, or null if the file has no
   * such section ({@code [DEFAULT]} itself is none).
   */
  Map<String, String> section(String name) {
    Map<String, String> own = sections.get(name);
    if (own == null) {
      return null;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    merged.putAll(own);
    return merged;
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
