package dev.jsupervisor.config;

import dev.jsupervisor.config.values.ValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one {@code envFiles} dotenv file, in the dialect of the Go port's hashicorp/go-envparse:
 * one {@code KEY=value} per line, an optional {@code export } before the key, blank lines and lines
 * starting with {@code #} ignored. Keys are letters, digits and {@code _}, not starting with a
 * digit. Values: unquoted ones are trimmed and end at {@code " #"} (a comment); in single quotes
 * everything is literal; in double quotes {@code \n \r \t \" \\ \$} are escapes and a value may span
 * lines. Nothing is interpolated ({@code $X} stays as written). Later lines win. Any thread.
 */
final class DotenvFile {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private DotenvFile() {}

  /**
   * The variables of {@code file}, in file order.
   *
   * @throws ValueException naming the file and line when it cannot be read or a line is malformed
   */
  static Map<String, String> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ValueException("cannot read env file " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  static Map<String, String> parse(String text, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).stripLeading();
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw bad(where, lineNo, "expected KEY=value");
      }
      String key = line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw bad(where, lineNo, "invalid variable name '" + key + "'");
      }
      String rest = line.substring(eq + 1).stripLeading();
      String value;
      if (rest.startsWith("'")) {
        int end = rest.indexOf('\'', 1);
        if (end < 0) {
          throw bad(where, lineNo, "unterminated single quote");
        }
        value = rest.substring(1, end);
        trailing(rest.substring(end + 1), where, lineNo);
      } else if (rest.startsWith("\"")) {
        StringBuilder v = new StringBuilder();
        String cur = rest.substring(1);
        while (true) {
          int end = closingQuote(cur, v);
          if (end >= 0) {
            trailing(cur.substring(end + 1), where, lineNo);
            break;
          }
          if (++i >= lines.size()) {
            throw bad(where, lineNo, "unterminated double quote");
          }
          v.append('\n');
          cur = lines.get(i);
        }
        value = v.toString();
      } else {
        int hash = rest.indexOf(" #");
        value = (hash >= 0 ? rest.substring(0, hash) : rest).strip();
      }
      out.put(key, value);
    }
    return out;
  }

  /** Appends {@code s} up to an unescaped {@code "} to {@code v}; the quote's index, or -1 if none. */
  private static int closingQuote(String s, StringBuilder v) {
    for (int j = 0; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '"') {
        return j;
      }
      if (c == '\\' && j + 1 < s.length()) {
        char n = s.charAt(++j);
        switch (n) {
          case 'n' -> v.append('\n');
          case 'r' -> v.append('\r');
          case 't' -> v.append('\t');
          case '"', '\\', '$' -> v.append(n);
          default -> v.append('\\').append(n);
        }
      } else {
        v.append(c);
      }
    }
    return -1;
  }

  private static void trailing(String after, String where, int lineNo) {
    String t = after.strip();
    if (!t.isEmpty() && !t.startsWith("#")) {
      throw bad(where, lineNo, "unexpected text after the closing quote");
    }
  }

  private static ValueException bad(String where, int line, String what) {
    return new ValueException("env file " + where + " line " + line + ": " + what);
  }
}
