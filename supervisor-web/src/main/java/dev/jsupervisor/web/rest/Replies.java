package dev.jsupervisor.web.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes JSON replies and JSON errors. Every error body has the same shape:
 * {@code {"success":false,"fault":"BAD_NAME","code":10,"message":"BAD_NAME: foo"}}, with an HTTP
 * status that fits the fault. Any thread; the exchange must not have been answered yet.
 */
public final class Replies {
  private static final Logger LOG = Logger.getLogger(Replies.class.getName());
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Replies() {}

  /** Sends {@code body} as JSON with status {@code status}. */
  public static void json(HttpServerExchange exchange, int status, Object body) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      LOG.log(Level.WARNING, "cannot serialize a reply", e);
      status = 500;
      bytes = "{\"success\":false,\"fault\":\"FAILED\",\"code\":30,\"message\":\"FAILED: internal error\"}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** Sends a fault reply for {@code reason} with supervisord's message text. */
  public static void fault(HttpServerExchange exchange, Reason reason, String detail) {
    json(exchange, statusOf(reason), faultBody(reason, detail));
  }

  /** The error body of a fault, for embedding in larger replies. */
  public static Map<String, Object> faultBody(Reason reason, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("fault", reason.name());
    body.put("code", faultCode(reason));
    body.put("message", detail.isEmpty() ? reason.name() : reason.name() + ": " + detail);
    return body;
  }

  /**
   * Sends the reply for a failed future: a {@link ControlException} becomes its fault, a timeout a
   * 504 FAILED, anything else a 500 FAILED (logged, never shown as a stack trace).
   */
  public static void failure(HttpServerExchange exchange, Throwable error) {
    failure(exchange, error, Map.of());
  }

  /** As {@link #failure(HttpServerExchange, Throwable)}, with {@code extra} fields in the body. */
  public static void failure(HttpServerExchange exchange, Throwable error, Map<String, Object> extra) {
    Throwable cause = unwrap(error);
    int status;
    Map<String, Object> body;
    if (cause instanceof ControlException ce) {
      status = statusOf(ce.reason());
      body = faultBody(ce.reason(), ce.detail());
    } else if (cause instanceof TimeoutException) {
      status = 504;
      body = faultBody(Reason.FAILED, "timed out waiting for the supervisor (the command goes on)");
    } else {
      LOG.log(Level.WARNING, "request " + exchange.getRequestPath() + " failed", cause);
      status = 500;
      body = faultBody(Reason.FAILED, String.valueOf(cause.getMessage()));
    }
    body.putAll(extra);
    json(exchange, status, body);
  }

  /**
   * As {@link #failure(HttpServerExchange, Throwable, Map)} for an action on a process that exists:
   * its statuses follow {@link #actionStatusOf}.
   */
  public static void actionFailure(HttpServerExchange exchange, Throwable error, Map<String, Object> extra) {
    Throwable cause = unwrap(error);
    if (cause instanceof ControlException ce && actionStatusOf(ce.reason()) != statusOf(ce.reason())) {
      Map<String, Object> body = faultBody(ce.reason(), ce.detail());
      body.putAll(extra);
      json(exchange, actionStatusOf(ce.reason()), body);
      return;
    }
    failure(exchange, error, extra);
  }

  /** A refusal that is not a supervisord fault (e.g. CSRF): {@code fault} names it. */
  public static void refuse(HttpServerExchange exchange, int status, String fault, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("fault", fault);
    body.put("message", message);
    json(exchange, status, body);
  }

  /** The exception inside CompletionException/ExecutionException wrappers. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The HTTP status for a fault: 404 unknown names/files, 400 bad input, 409 wrong state, 503 shutting down. */
  static int statusOf(Reason reason) {
    switch (reason) {
      case BAD_NAME:
      case NO_FILE:
        return 404;
      case BAD_SIGNAL:
      case BAD_ARGUMENTS:
        return 400;
      case ALREADY_STARTED:
      case NOT_RUNNING:
      case ALREADY_ADDED:
      case STILL_RUNNING:
        return 409;
      case SHUTDOWN_STATE:
        return 503;
      default:
        return 500;
    }
  }

  /**
   * The HTTP status of a fault from an action (start, stop, …) on a process that was found: as
   * {@link #statusOf}, except that NO_FILE (supervisord's fault for a command whose file is missing)
   * is the server's failure to run an existing program, 500, not a 404 for the name in the URL.
   */
  static int actionStatusOf(Reason reason) {
    return reason == Reason.NO_FILE ? 500 : statusOf(reason);
  }

  /** supervisord's numeric fault code ({@code xmlrpc.Faults}). */
  static int faultCode(Reason reason) {
    switch (reason) {
      case BAD_ARGUMENTS: return 3;
      case SHUTDOWN_STATE: return 6;
      case BAD_NAME: return 10;
      case BAD_SIGNAL: return 11;
      case NO_FILE: return 20;
      case NOT_EXECUTABLE: return 21;
      case FAILED: return 30;
      case ABNORMAL_TERMINATION: return 40;
      case SPAWN_ERROR: return 50;
      case ALREADY_STARTED: return 60;
      case NOT_RUNNING: return 70;
      case ALREADY_ADDED: return 90;
      case STILL_RUNNING: return 91;
      default: throw new IllegalArgumentException("no fault code for " + reason);
    }
  }
}
