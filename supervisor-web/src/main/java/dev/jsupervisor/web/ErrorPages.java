package dev.jsupervisor.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server's own error responses (no route, wrong method, no credentials, bad request). The
 * protocol endpoints supervisord has ({@code /RPC2}, {@code /logtail}, {@code /mainlogtail}) and the
 * web page get medusa's HTML page, byte for byte what supervisord sends (Python's supervisorctl reads
 * only the status); the REST API and {@code /metrics} get the REST API's JSON error shape
 * {@code {"success":false,"fault":"NOT_FOUND","message":"…"}} (see {@code REST.md}), so a script
 * never has to parse HTML.
 */
public final class ErrorPages {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ErrorPages() {}

  /**
   * Ends {@code exchange} with {@code status}: JSON for API paths ({@link #wantsJson}), else medusa's
   * error page. Callable on the IO thread or a worker; does nothing but close the connection if the
   * response has already started.
   */
  public static void send(HttpServerExchange exchange, int status) {
    send(exchange, status, StatusCodes.getReason(status));
  }

  /** As {@link #send(HttpServerExchange, int)}; {@code message} is the JSON body's message. */
  public static void send(HttpServerExchange exchange, int status, String message) {
    if (exchange.isResponseStarted()) {
      exchange.setPersistent(false);
      exchange.endExchange();
      return;
    }
    boolean json = wantsJson(exchange);
    byte[] body = (json ? json(status, message) : page(status)).getBytes(StandardCharsets.UTF_8);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, json ? "application/json; charset=utf-8" : "text/html");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /**
   * Whether the client is an API client: the REST prefixes {@code /program/} and {@code
   * /supervisor/}, {@code /metrics}, or any other path whose request accepts {@code application/json}
   * — except the supervisord protocol endpoints, which keep supervisord's page whatever is asked.
   */
  static boolean wantsJson(HttpServerExchange exchange) {
    String path = exchange.getRequestPath();
    if (path.startsWith("/RPC2") || path.startsWith("/logtail") || path.startsWith("/mainlogtail")) {
      return false;
    }
    if (path.startsWith("/program/") || path.startsWith("/supervisor/") || path.equals("/metrics")) {
      return true;
    }
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
  }

  /** The JSON body: the fault is the reason phrase in capitals ({@code NOT_FOUND}, {@code UNAUTHORIZED}). */
  static String json(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("fault", StatusCodes.getReason(status).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_"));
    body.put("message", message);
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** The page body: a bare HTML document naming the code and its reason phrase. */
  static String page(int status) {
    return "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n"
        + "<p>Error code " + status + ".\r\n<p>Message: " + StatusCodes.getReason(status)
        + ".\r\n</body>";
  }
}
