package dev.jsupervisor.rpc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one call, read the way supervisord's Python methods would coerce them. Wrong
 * arity or a value that Python could not use raises {@link Fault#INCORRECT_PARAMETERS}, which is
 * what supervisord answers when the call itself raises a {@code TypeError}. Not thread-safe; one per
 * call.
 */
final class Params {
  private final List<Object> values;

  Params(List<Object> values) {
    this.values = values;
  }

  int size() {
    return values.size();
  }

  /** Fails unless {@code min <= size <= max}. */
  void checkArity(int min, int max) throws FaultException {
    if (values.size() < min || values.size() > max) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS);
    }
  }

  Object raw(int i) {
    return values.get(i);
  }

  /** A string parameter (names, signal texts, stdin data). */
  String string(int i) throws FaultException {
    Object v = values.get(i);
    if (v instanceof String s) {
      return s;
    }
    throw new FaultException(Fault.INCORRECT_PARAMETERS);
  }

  /**
   * An int parameter; like Python's {@code int(x)}, a numeric string or a boolean is accepted, a
   * double is truncated.
   */
  long integer(int i) throws FaultException {
    Object v = values.get(i);
    if (v instanceof Integer n) {
      return n;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      return d.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new FaultException(Fault.INCORRECT_PARAMETERS);
      }
    }
    throw new FaultException(Fault.INCORRECT_PARAMETERS);
  }

  /** An optional flag read with Python's truthiness ({@code wait=True} by default). */
  boolean truthy(int i, boolean absent) {
    if (i >= values.size()) {
      return absent;
    }
    return truthy(values.get(i));
  }

  static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Integer n) {
      return n != 0;
    }
    if (v instanceof Double d) {
      return d != 0.0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** Python's {@code str()} of a scalar, as supervisord puts it into fault texts. */
  static String pythonStr(Object v) {
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%s", d);
    }
    return String.valueOf(v);
  }
}
