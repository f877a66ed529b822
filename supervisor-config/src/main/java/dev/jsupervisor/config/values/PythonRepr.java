package dev.jsupervisor.config.values;

/**
 * Python's {@code repr()} of a {@code str}, which supervisord's error texts embed ({@code %r}).
 * Stateless; any thread.
 */
public final class PythonRepr {
  private PythonRepr() {}

  /**
   * Quotes {@code s} as Python 3 would: single quotes unless the text has a single quote and no double
   * quote; backslash escapes for {@code \\ \n \r \t}, the chosen quote and non-printable characters.
   */
  public static String of(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        b.append('\\').appendCodePoint(cp);
      } else if (cp == '\n') {
        b.append("\\n");
      } else if (cp == '\r') {
        b.append("\\r");
      } else if (cp == '\t') {
        b.append("\\t");
      } else if (cp < 0x20 || cp == 0x7f) {
        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", cp));
      } else if (!isPrintable(cp)) {
        b.append(cp <= 0xff ? String.format(java.util.Locale.ROOT, "\\x%02x", cp)
            : cp <= 0xffff ? String.format(java.util.Locale.ROOT, "\\u%04x", cp)
            : String.format(java.util.Locale.ROOT, "\\U%08x", cp));
      } else {
        b.appendCodePoint(cp);
      }
    }
    return b.append(quote).toString();
  }

  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return !(Character.isWhitespace(cp) || Character.isSpaceChar(cp)
        || type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.PRIVATE_USE || type == Character.UNASSIGNED);
  }
}
