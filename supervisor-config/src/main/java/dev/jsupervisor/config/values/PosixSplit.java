package dev.jsupervisor.config.values;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code shlex.split(text)} (POSIX mode, comments off): quotes and backslashes. */
final class PosixSplit {
  private PosixSplit() {}

  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '\\') {
        if (i >= s.length()) {
          throw new ValueException("No escaped character");
        }
        word.append(s.charAt(i++));
        inWord = true;
      } else if (c == '\'' || c == '"') {
        inWord = true;
        boolean closed = false;
        while (i < s.length()) {
          char q = s.charAt(i++);
          if (q == c) {
            closed = true;
            break;
          }
          if (c == '"' && q == '\\' && i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\\')) {
            q = s.charAt(i++);
          }
          word.append(q);
        }
        if (!closed) {
          throw new ValueException("No closing quotation");
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }
}
