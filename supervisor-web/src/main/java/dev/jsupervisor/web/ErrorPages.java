package dev.jsupervisor.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** medusa's HTML error responses, which supervisord sends for every non-200 status. */
public final class ErrorPages {

  private ErrorPages() {}

  /**
   * Ends {@code exchange} with {@code status} and medusa's error page. Callable on the IO thread or a
   * worker; does nothing but close the connection if the response has already started.
   */
  public static void send(HttpServerExchange exchange, int status) {
    if (exchange.isResponseStarted()) {
      exchange.setPersistent(false);
      exchange.endExchange();
      return;
    }
    byte[] body = page(status).getBytes(StandardCharsets.UTF_8);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** The page body: a bare HTML document naming the code and its reason phrase. */
  static String page(int status) {
    return "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n"
        + "<p>Error code " + status + ".\r\n<p>Message: " + StatusCodes.getReason(status)
        + ".\r\n</body>";
  }
}
