package dev.jsupervisor.ctl;

import java.nio.charset.StandardCharsets;

/** Small text helpers: URL path escaping for log-tail paths and Python's {@code int(str)}. */
final class PathEscape {
  private PathEscape() {}

  /** Percent-encodes what cannot appear raw in a request path; ':' and '*' stay as they are. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** Python's {@code int(text)} for decimal text (sign, surrounding blanks, underscores); null if not. */
  static Integer pyInt(String text) {
    String t = text.strip();
    if (t.startsWith("_") || t.endsWith("_") || t.contains("__")) {
      return null;
    }
    try {
      return Integer.valueOf(t.replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
