package dev.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The supervisord.conf texts this repository holds: its {@code *.conf} files (build output left out)
 * and the conf text embedded in the Java test sources of every module (string literals, text blocks
 * and {@code String.join("\n", ...)} of literals that hold a section header line). Reads on the
 * calling thread; an unreadable tree fails with IOException.
 */
final class RepoConfs {
  private static final Pattern HEADER_LINE = Pattern.compile("(?m)^\\s*\\[[^\\]\\n]+\\]");
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+([0-9a-fA-F]{4})");
  private static final Pattern JOIN_OPEN = Pattern.compile("String\\.join\\(\\s*$");

  private RepoConfs() {}

  /** The checkout: the parent of the module the tests run in (Maven's {@code basedir}). */
  static Path root() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }

  /** Every {@code *.conf} below {@code root} outside {@code target/} and hidden folders, sorted. */
  static List<Path> confFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".conf") && Files.isRegularFile(f))
          .filter(f -> !isBuildOutputOrHidden(root.relativize(f)))
          .sorted()
          .toList();
    }
  }

  /** Conf texts embedded in {@code src/test/java} below {@code root}, by "file#n" (duplicates kept once). */
  static Map<String, String> embeddedTexts(Path root) throws IOException {
    Map<String, String> byText = new LinkedHashMap<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/test/java/"))
          .filter(f -> !isBuildOutputOrHidden(root.relativize(f)))
          .sorted()
          .toList();
    }
    for (Path source : sources) {
      int n = 0;
      for (String text : confTexts(Files.readString(source, StandardCharsets.UTF_8))) {
        byText.putIfAbsent(text, source.getFileName() + "#" + ++n);
      }
    }
    Map<String, String> byName = new LinkedHashMap<>();
    byText.forEach((text, name) -> byName.put(name, text));
    return byName;
  }

  private static boolean isBuildOutputOrHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().equals("target") || part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The literals of one Java source that look like conf text, plus their literal-only joins. */
  static List<String> confTexts(String javaSource) {
    List<String> out = new ArrayList<>();
    List<String> joined = null;
    for (Literal literal : literals(javaSource)) {
      String code = literal.codeBefore().strip();
      if (joined != null && code.equals(",")) {
        joined.add(literal.value());
        continue;
      }
      if (joined != null) {
        out.add(String.join("\n", joined));
      }
      joined = JOIN_OPEN.matcher(code).find() && literal.value().equals("\n") ? new ArrayList<>() : null;
      out.add(literal.value());
    }
    if (joined != null) {
      out.add(String.join("\n", joined));
    }
    out.removeIf(text -> !HEADER_LINE.matcher(text).find());
    return out;
  }

  private record Literal(String value, String codeBefore) {}

  /** String literals and text blocks with their values; comments and char literals skipped. */
  private static List<Literal> literals(String source) {
    String src = unicodeEscapesTranslated(source);
    List<Literal> out = new ArrayList<>();
    int codeStart = 0;
    int i = 0;
    while (i < src.length()) {
      String value = null;
      int next;
      if (src.startsWith("//", i)) {
        next = indexAfter(src, "\n", i + 2);
      } else if (src.startsWith("/*", i)) {
        next = indexAfter(src, "*/", i + 2);
      } else if (src.startsWith("\"\"\"", i)) {
        int body = src.indexOf('\n', i) + 1;
        int end = closing(src, body, "\"\"\"");
        value = src.substring(body, end).stripIndent().translateEscapes();
        next = end + 3;
      } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
        int end = closing(src, i + 1, String.valueOf(src.charAt(i)));
        value = src.charAt(i) == '"' ? src.substring(i + 1, end).translateEscapes() : null;
        next = end + 1;
      } else {
        next = i + 1;
      }
      if (value != null) {
        out.add(new Literal(value, src.substring(codeStart, i)));
        codeStart = next;
      }
      i = next;
    }
    return out;
  }

  private static String unicodeEscapesTranslated(String source) {
    Matcher m = UNICODE_ESCAPE.matcher(source);
    return m.replaceAll(r -> Matcher.quoteReplacement(
        String.valueOf((char) Integer.parseInt(r.group(1), 16))));
  }

  private static int indexAfter(String src, String end, int from) {
    int at = src.indexOf(end, from);
    return at < 0 ? src.length() : at + end.length();
  }

  private static int closing(String src, int from, String quote) {
    int i = from;
    while (i < src.length() && !src.startsWith(quote, i)) {
      i += src.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i, src.length());
  }
}
