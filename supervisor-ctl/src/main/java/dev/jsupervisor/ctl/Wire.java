package dev.jsupervisor.ctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Shape checks for decoded XML-RPC values; a wrong shape is an unreadable reply. */
final class Wire {
  private Wire() {}

  static Map<?, ?> struct(Object o) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw malformed("a struct", o);
  }

  static List<?> array(Object o) {
    if (o instanceof List<?> l) {
      return l;
    }
    throw malformed("an array", o);
  }

  static String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  static int integer(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    throw malformed("an int for " + key, v);
  }

  static UncheckedIOException malformed(String expected, Object got) {
    return new UncheckedIOException(
        new IOException("unexpected XML-RPC reply: expected " + expected + ", got " + got));
  }
}
