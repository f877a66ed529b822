package dev.jsupervisor.config.values;

import java.math.BigInteger;
import java.util.Optional;

/** Python's {@code int(text, base)} for str arguments: surrounding whitespace, sign, {@code _} separators. */
final class PythonInt {
  private PythonInt() {}

  /** The value, or empty where Python raises {@code ValueError}. */
  static Optional<BigInteger> parse(String text, int base) {
    String t = text.strip();
    boolean negative = false;
    if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      negative = t.charAt(0) == '-';
      t = t.substring(1);
    }
    boolean prefixed = false;
    if (base == 8 && t.length() > 1 && t.charAt(0) == '0' && (t.charAt(1) == 'o' || t.charAt(1) == 'O')) {
      t = t.substring(2);
      prefixed = true;
    }
    if (prefixed && t.startsWith("_")) {
      t = t.substring(1);
    }
    if (t.isEmpty() || t.startsWith("_") || t.endsWith("_") || t.contains("__")) {
      return Optional.empty();
    }
    StringBuilder digits = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '_') {
        continue;
      }
      int d = Character.digit(c, base);
      if (d < 0 || !Character.isDigit(c)) {
        return Optional.empty();
      }
      digits.append((char) ('0' + d));
    }
    // up to 18 digits fit a long in any base up to 10: no BigInteger parse for the usual small values
    BigInteger v = digits.length() <= 18 ? BigInteger.valueOf(Long.parseLong(digits, 0, digits.length(), base))
        : new BigInteger(digits.toString(), base);
    return Optional.of(negative ? v.negate() : v);
  }
}
