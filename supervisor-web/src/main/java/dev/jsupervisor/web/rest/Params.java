package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Deque;

/** Reads path and query parameters (Undertow puts both in the query-parameter map, decoded). */
final class Params {
  private Params() {}

  static String optional(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  static String required(HttpServerExchange exchange, String name) throws ControlException {
    String v = optional(exchange, name);
    if (v == null || v.isEmpty()) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "missing parameter " + name);
    }
    return v;
  }

  static long longValue(HttpServerExchange exchange, String name, long dflt) throws ControlException {
    String v = optional(exchange, name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new ControlException(Reason.BAD_ARGUMENTS, name + " must be an integer but was " + v);
    }
  }

  /** {@code wait=false|0|no} turns waiting off; anything else (or nothing) waits. */
  static boolean waitFlag(HttpServerExchange exchange) {
    String v = optional(exchange, "wait");
    return v == null || !(v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no"));
  }

  /** {@code timeout} in seconds (1..3600), default {@code dflt}. */
  static Duration timeout(HttpServerExchange exchange, Duration dflt) throws ControlException {
    long s = longValue(exchange, "timeout", dflt.toSeconds());
    if (s < 1 || s > 3600) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "timeout must be 1..3600 seconds but was " + s);
    }
    return Duration.ofSeconds(s);
  }
}
