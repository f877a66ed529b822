package dev.jsupervisor.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * supervisord's Basic authentication in front of every handler of one server section: a missing,
 * wrong or non-Basic {@code Authorization} header gets {@code 401} with {@code WWW-Authenticate:
 * Basic realm="default"} and {@code Connection: close}; an undecodable base64 cookie gets {@code
 * 400}. The body is medusa's page, or JSON on API paths ({@link ErrorPages}). Runs on the IO
 * thread (it does no I/O) and passes authorised requests to {@code next}.
 */
final class BasicAuthHandler implements HttpHandler {

  static final String CHALLENGE = "Basic realm=\"default\"";

  private final Credentials credentials;
  private final HttpHandler next;

  BasicAuthHandler(Credentials credentials, HttpHandler next) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null) {
      unauthorized(exchange);
      return;
    }
    String trimmed = header.strip();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("basic")) {
      unauthorized(exchange);
      return;
    }
    String decoded;
    try {
      decoded = decodeCookie(space < 0 ? "" : trimmed.substring(space + 1));
    } catch (IllegalArgumentException e) {
      ErrorPages.send(exchange, StatusCodes.BAD_REQUEST, "the Authorization header is not valid base64");
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0
        || !credentials.matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
      unauthorized(exchange);
      return;
    }
    next.handleRequest(exchange);
  }

  /**
   * Decodes like Python's {@code base64.decodebytes}: characters outside the alphabet are skipped,
   * but the rest must be whole 4-character groups.
   *
   * @throws IllegalArgumentException when it is not
   */
  static String decodeCookie(String cookie) {
    String cleaned = cookie.replaceAll("[^A-Za-z0-9+/=]", "");
    if (cleaned.length() % 4 != 0) {
      throw new IllegalArgumentException("incorrect base64 padding");
    }
    return new String(Base64.getDecoder().decode(cleaned), StandardCharsets.UTF_8);
  }

  private static void unauthorized(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, CHALLENGE);
    exchange.setPersistent(false);
    ErrorPages.send(exchange, StatusCodes.UNAUTHORIZED, "this server requires a user name and password (basic auth)");
  }
}
