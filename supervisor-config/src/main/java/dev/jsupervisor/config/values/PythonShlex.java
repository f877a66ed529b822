package dev.jsupervisor.config.values;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.shlex(text)} in non-POSIX mode with {@code wordchars += '/.+-():'}, the
 * tokenizer of supervisord 4.2.5's {@code environment=}. Quotes stay part of their token; a
 * non-word character ends a word and becomes its own token; {@code #} skips to the end of the line.
 */
final class PythonShlex {
  private static final String WORD = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():";
  private static final String WHITESPACE = " \t\r\n";

  private final String in;
  private int pos;
  private char state = ' ';
  private String pushback;

  private PythonShlex(String in) {
    this.in = in;
  }

  /** All tokens up to the end (Python's {@code list(lexer)}); an unclosed quote fails as Python does. */
  static List<String> tokens(String text) {
    PythonShlex lexer = new PythonShlex(text);
    List<String> out = new ArrayList<>();
    for (String t = lexer.next(); !t.isEmpty(); t = lexer.next()) {
      out.add(t);
    }
    return out;
  }

  private int read() {
    return pos < in.length() ? in.charAt(pos++) : -1;
  }

  private void skipLine() {
    int nl = in.indexOf('\n', pos);
    pos = nl < 0 ? in.length() : nl + 1;
  }

  private String next() {
    if (pushback != null) {
      String t = pushback;
      pushback = null;
      return t;
    }
    StringBuilder token = new StringBuilder();
    while (true) {
      if (state == 0) {
        return "";
      }
      int c = read();
      if (state == ' ') {
        if (c < 0) {
          state = 0;
          return token.toString();
        } else if (WHITESPACE.indexOf(c) >= 0) {
          if (token.length() > 0) {
            return token.toString();
          }
        } else if (c == '#') {
          skipLine();
        } else if (WORD.indexOf(c) >= 0) {
          token.append((char) c);
          state = 'a';
        } else if (c == '\'' || c == '"') {
          token.append((char) c);
          state = (char) c;
        } else {
          token.append((char) c);
          return token.toString();
        }
      } else if (state == '\'' || state == '"') {
        if (c < 0) {
          throw new ValueException("No closing quotation");
        }
        token.append((char) c);
        if (c == state) {
          state = ' ';
          return token.toString();
        }
      } else {
        if (c < 0) {
          state = 0;
          return token.toString();
        } else if (WHITESPACE.indexOf(c) >= 0) {
          state = ' ';
          if (token.length() > 0) {
            return token.toString();
          }
        } else if (c == '#') {
          // non-POSIX shlex drops the rest of the line but keeps building the same word
          skipLine();
        } else if (WORD.indexOf(c) >= 0 || c == '\'' || c == '"') {
          token.append((char) c);
        } else {
          pushback = String.valueOf((char) c);
          state = ' ';
          if (token.length() > 0) {
            return token.toString();
          }
        }
      }
    }
  }
}
