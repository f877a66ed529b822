package dev.jsupervisor.config.ini;

import dev.jsupervisor.config.values.PythonRepr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads INI text into an {@link IniDocument} with the rules of Python 3's {@code RawConfigParser} as
 * supervisord builds it ({@code inline_comment_prefixes=(';','#')}, {@code strict=False},
 * {@code empty_lines_in_values=True}). Stateless; any thread, one document per caller.
 */
public final class IniParser {
  private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)\\]");
  private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*(?<vi>[=:])\\s*(?<value>.*)$");
  private static final String[] COMMENT_PREFIXES = {";", "#"};

  private IniParser() {}

  /**
   * Parses {@code text} (the content of {@code file}) and merges it into {@code doc}, as Python's
   * {@code read()} does: new sections are added, keys of existing sections overwritten.
   *
   * @param displayFile the file name used in error messages (Python's {@code fpname})
   * @throws IniParseException with Python's message when a line is neither header, option, comment
   *     nor continuation (the document then holds whatever was read; callers discard it)
   */
  public static void parse(String text, Path file, String displayFile, IniDocument doc)
      throws IniParseException {
    new Reader(file, displayFile, doc).read(splitLines(text));
  }

  /** Splits after each {@code \n}, keeping it, as Python iterates a text file. */
  static List<String> splitLines(String text) {
    String t = text.replace("\r\n", "\n").replace('\r', '\n');
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < t.length()) {
      int nl = t.indexOf('\n', start);
      int end = nl < 0 ? t.length() : nl + 1;
      lines.add(t.substring(start, end));
      start = end;
    }
    return lines;
  }

  /** Index where an inline or full-line comment starts, or -1; Python's exact search order. */
  static int commentStart(String line) {
    int commentStart = Integer.MAX_VALUE;
    Map<String, Integer> prefixes = new LinkedHashMap<>();
    for (String p : COMMENT_PREFIXES) {
      prefixes.put(p, -1);
    }
    while (commentStart == Integer.MAX_VALUE && !prefixes.isEmpty()) {
      Map<String, Integer> next = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : prefixes.entrySet()) {
        int index = line.indexOf(e.getKey(), e.getValue() + 1);
        if (index == -1) {
          continue;
        }
        next.put(e.getKey(), index);
        if (index == 0 || Character.isWhitespace(line.charAt(index - 1))) {
          commentStart = Math.min(commentStart, index);
        }
      }
      prefixes = next;
    }
    String stripped = line.strip();
    for (String p : COMMENT_PREFIXES) {
      if (stripped.startsWith(p)) {
        return 0;
      }
    }
    return commentStart == Integer.MAX_VALUE ? -1 : commentStart;
  }

  private static final class Reader {
    private final Path file;
    private final String displayFile;
    private final IniDocument doc;
    private final Map<IniSection, Map<String, Pending>> pending = new LinkedHashMap<>();
    private IniSection current;
    private String optname;
    private int indentLevel;
    private StringBuilder errors;
    private int firstErrorLine;

    Reader(Path file, String displayFile, IniDocument doc) {
      this.file = file;
      this.displayFile = displayFile;
      this.doc = doc;
    }

    void read(List<String> lines) throws IniParseException {
      int lineno = 0;
      for (String line : lines) {
        lineno++;
        readLine(line, lineno);
      }
      for (Map.Entry<IniSection, Map<String, Pending>> s : pending.entrySet()) {
        for (Map.Entry<String, Pending> e : s.getValue().entrySet()) {
          String joined = String.join("\n", e.getValue().parts).stripTrailing();
          s.getKey().put(e.getKey(), new IniValue(joined, file, e.getValue().line));
        }
      }
      if (errors != null) {
        throw new IniParseException(errors.toString(), displayFile, firstErrorLine);
      }
    }

    private void readLine(String line, int lineno) throws IniParseException {
      int cs = commentStart(line);
      String value = (cs < 0 ? line : line.substring(0, cs)).strip();
      if (value.isEmpty()) {
        // empty_lines_in_values: a blank line (not a comment) becomes part of the open value
        if (cs < 0 && valueOpen()) {
          Pending p = pendingFor(current).get(optname);
          if (p != null) {
            p.parts.add("");
          }
        }
        return;
      }
      int indent = firstNonSpace(line);
      if (valueOpen() && indent > indentLevel) {
        Pending p = pendingFor(current).get(optname);
        if (p != null) {
          p.parts.add(value);
        }
        return;
      }
      indentLevel = indent;
      Matcher header = SECTION.matcher(value);
      if (header.lookingAt()) {
        current = doc.sectionForWrite(header.group("header"), file, displayFile, lineno);
        optname = null;
        return;
      }
      if (current == null) {
        throw new IniParseException("File contains no section headers.\nfile: " + PythonRepr.of(displayFile)
            + ", line: " + lineno + "\n" + PythonRepr.of(line), displayFile, lineno);
      }
      Matcher option = OPTION.matcher(value);
      if (option.lookingAt()) {
        String name = option.group("option");
        if (name.isEmpty()) {
          error(lineno, line);
        }
        optname = name.stripTrailing().toLowerCase(Locale.ROOT);
        Pending p = new Pending(lineno);
        p.parts.add(option.group("value").strip());
        pendingFor(current).put(optname, p);
      } else {
        error(lineno, line);
      }
    }

    /** Python's {@code cursect is not None and optname}: an empty name (a parsing error) opens no value. */
    private boolean valueOpen() {
      return current != null && optname != null && !optname.isEmpty();
    }

    private Map<String, Pending> pendingFor(IniSection s) {
      return pending.computeIfAbsent(s, k -> new LinkedHashMap<>());
    }

    private void error(int lineno, String line) {
      if (errors == null) {
        errors = new StringBuilder("Source contains parsing errors: ").append(PythonRepr.of(displayFile));
        firstErrorLine = lineno;
      }
      errors.append(String.format(Locale.ROOT, "\n\t[line %2d]: %s", lineno, PythonRepr.of(line)));
    }

    private static int firstNonSpace(String line) {
      for (int i = 0; i < line.length(); i++) {
        if (!Character.isWhitespace(line.charAt(i))) {
          return i;
        }
      }
      return 0;
    }
  }

  private static final class Pending {
    final int line;
    final List<String> parts = new ArrayList<>();

    Pending(int line) {
      this.line = line;
    }
  }
}
