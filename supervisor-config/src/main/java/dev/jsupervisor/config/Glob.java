package dev.jsupervisor.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's {@code glob.glob}: {@code *}, {@code ?} and {@code [...]} ({@code [!...]} negates) per
 * path component; names starting with a dot match only a pattern starting with a dot; no {@code ~}.
 */
final class Glob {
  private Glob() {}

  /** Matching paths as strings, sorted as Python's {@code sorted()} would. */
  static List<String> glob(String pattern) {
    List<String> current = new ArrayList<>();
    String[] parts = pattern.split("/", -1);
    current.add(pattern.startsWith("/") ? "/" : "");
    for (int i = pattern.startsWith("/") ? 1 : 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      List<String> next = new ArrayList<>();
      for (String base : current) {
        if (part.isEmpty()) {
          if (last) {
            next.add(base); // trailing slash
          } else {
            next.add(base);
          }
          continue;
        }
        if (!hasMagic(part)) {
          next.add(join(base, part));
          continue;
        }
        Pattern re = Pattern.compile(translate(part), Pattern.DOTALL);
        Path dir = Path.of(base.isEmpty() ? "." : base);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
          for (Path p : ds) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") && !part.startsWith(".")) {
              continue;
            }
            if (re.matcher(name).matches()) {
              next.add(join(base, name));
            }
          }
        } catch (IOException | RuntimeException e) {
          // not a directory or unreadable: no match, as in Python
        }
      }
      current = next;
    }
    List<String> out = new ArrayList<>();
    for (String p : current) {
      if (!p.isEmpty() && Files.exists(Path.of(p), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      }
    }
    out.sort(null);
    return out;
  }

  private static String join(String base, String name) {
    return base.isEmpty() ? name : base.endsWith("/") ? base + name : base + "/" + name;
  }

  private static boolean hasMagic(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /** fnmatch.translate for one component. */
  static String translate(String pat) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < pat.length()) {
      char c = pat.charAt(i++);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < pat.length() && pat.charAt(j) == '!') {
          j++;
        }
        if (j < pat.length() && pat.charAt(j) == ']') {
          j++;
        }
        while (j < pat.length() && pat.charAt(j) != ']') {
          j++;
        }
        if (j >= pat.length()) {
          re.append("\\[");
        } else {
          String stuff = pat.substring(i, j).replace("\\", "\\\\");
          i = j + 1;
          if (stuff.startsWith("!")) {
            stuff = "^" + stuff.substring(1);
          } else if (stuff.startsWith("^")) {
            stuff = "\\" + stuff;
          }
          re.append('[').append(stuff.replace("[", "\\[")).append(']');
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }
}
