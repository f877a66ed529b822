package dev.jsupervisor.config.values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * supervisord's {@code expand()}: Python's {@code text % mapping} with {@code %(name)s} and printf
 * specs such as {@code %(process_num)02d}; {@code %%} is a literal percent. Mapping values are
 * {@link String} or {@link Integer} ({@code process_num}, {@code numprocs}). Stateless; any thread.
 */
public final class Expansions {
  private Expansions() {}

  /**
   * Expands {@code s}.
   *
   * @param name the {@code section.key} named in errors
   * @throws ValueException with supervisord's "contains names ... which cannot be expanded" or "is
   *     badly formatted" text
   */
  public static String expand(String s, Map<String, ?> expansions, String name) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    try {
      return format(s, expansions);
    } catch (MissingName e) {
      List<String> available = new ArrayList<>(expansions.keySet());
      available.sort(null);
      throw new ValueException("Format string " + PythonRepr.of(s) + " for " + PythonRepr.of(name)
          + " contains names (" + PythonRepr.of(e.getMessage()) + ") which cannot be expanded. Available names: "
          + String.join(", ", available));
    } catch (BadFormat e) {
      throw new ValueException("Format string " + PythonRepr.of(s) + " for " + PythonRepr.of(name)
          + " is badly formatted: " + e.getMessage());
    }
  }

  private static String format(String s, Map<String, ?> map) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= s.length()) {
        throw new BadFormat("incomplete format");
      }
      if (s.charAt(i) == '%') {
        out.append('%');
        i++;
        continue;
      }
      if (s.charAt(i) != '(') {
        // Python would format the whole mapping here; no supervisord config means that.
        throw new BadFormat("format requires a mapping key after % (write %% for a literal %)");
      }
      int depth = 1;
      int start = ++i;
      while (i < s.length() && depth > 0) {
        depth += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
        i++;
      }
      if (depth > 0) {
        throw new BadFormat("incomplete format key");
      }
      String key = s.substring(start, i - 1);
      if (!map.containsKey(key)) {
        throw new MissingName(key);
      }
      Spec spec = new Spec();
      i = spec.parse(s, i);
      out.append(spec.apply(map.get(key)));
    }
    return out.toString();
  }

  /** One conversion's flags, width, precision and type. */
  private static final class Spec {
    String flags = "";
    int width = -1;
    int precision = -1;
    char type;

    int parse(String s, int i) {
      while (i < s.length() && "-+ #0".indexOf(s.charAt(i)) >= 0) {
        flags += s.charAt(i++);
      }
      int w = 0;
      boolean hasWidth = false;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        w = w * 10 + (s.charAt(i++) - '0');
        hasWidth = true;
      }
      width = hasWidth ? w : -1;
      if (i < s.length() && s.charAt(i) == '*') {
        throw new BadFormat("not enough arguments for format string");
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int p = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          p = p * 10 + (s.charAt(i++) - '0');
        }
        precision = p;
      }
      while (i < s.length() && "hlL".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (i >= s.length()) {
        throw new BadFormat("incomplete format");
      }
      type = s.charAt(i);
      if ("diouxXeEfFgGcrsa".indexOf(type) < 0) {
        throw new BadFormat(String.format(Locale.ROOT, "unsupported format character '%c' (0x%x) at index %d",
            type, (int) type, i));
      }
      return i + 1;
    }

    String apply(Object v) {
      String body;
      switch (type) {
        case 's' -> body = precision(String.valueOf(v));
        case 'r', 'a' -> body = precision(v instanceof String str ? PythonRepr.of(str) : String.valueOf(v));
        case 'd', 'i', 'u' -> body = number(requireInt(v, "%" + type + " format: a real number is required"), 10);
        case 'x', 'X', 'o' -> body = number(requireInt(v, "%" + type + " format: an integer is required"),
            type == 'o' ? 8 : 16);
        case 'c' -> body = v instanceof Integer n ? new String(Character.toChars(n))
            : v instanceof String str && str.length() == 1 ? str : fail("%c requires int or char");
        default -> body = floating(requireInt(v, "must be real number"));
      }
      return pad(body);
    }

    private String precision(String s) {
      return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
    }

    private static int requireInt(Object v, String message) {
      if (v instanceof Integer n) {
        return n;
      }
      throw new BadFormat(message + ", not str");
    }

    private static String fail(String message) {
      throw new BadFormat(message);
    }

    private String number(int n, int radix) {
      String digits = Integer.toString(Math.abs(n), radix);
      if (type == 'X') {
        digits = digits.toUpperCase(Locale.ROOT);
      }
      if (precision > digits.length()) {
        digits = "0".repeat(precision - digits.length()) + digits;
      }
      if (flags.contains("#") && radix != 10) {
        digits = (type == 'o' ? "0o" : type == 'X' ? "0X" : "0x") + digits;
      }
      String sign = n < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
      if (flags.contains("0") && !flags.contains("-") && width > sign.length() + digits.length()) {
        digits = "0".repeat(width - sign.length() - digits.length()) + digits;
      }
      return sign + digits;
    }

    private String floating(int n) {
      int p = precision < 0 ? 6 : precision;
      String f = switch (type) {
        case 'e' -> String.format(Locale.ROOT, "%." + p + "e", (double) n);
        case 'E' -> String.format(Locale.ROOT, "%." + p + "E", (double) n);
        case 'g', 'G' -> Double.toString(n).replaceAll("\\.0$", "");
        default -> String.format(Locale.ROOT, "%." + p + "f", (double) n);
      };
      String sign = n >= 0 && flags.contains("+") ? "+" : n >= 0 && flags.contains(" ") ? " " : "";
      return sign + f;
    }

    private String pad(String body) {
      if (width <= body.length()) {
        return body;
      }
      String fill = " ".repeat(width - body.length());
      return flags.contains("-") ? body + fill : fill + body;
    }
  }

  private static final class MissingName extends RuntimeException {
    MissingName(String key) {
      super(key, null, false, false);
    }
  }

  private static final class BadFormat extends RuntimeException {
    BadFormat(String message) {
      super(message, null, false, false);
    }
  }
}
