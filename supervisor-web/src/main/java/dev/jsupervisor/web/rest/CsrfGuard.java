package dev.jsupervisor.web.rest;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Cross-site request forgery protection for state-changing routes. A browser that has the daemon's
 * basic-auth credentials cached would send them along with a form post from any site. A browser
 * sends {@code Origin} or {@code Sec-Fetch-Site} (usually both) with every cross-site request that is
 * not GET/HEAD, and a page cannot add {@code X-Requested-With} or {@code Authorization} itself
 * without a CORS preflight, which this server never grants. So a request that is not GET/HEAD
 * <ul>
 *   <li>is refused when it comes from another origin: {@code Sec-Fetch-Site}, when present, must be
 *       {@code same-origin} or {@code none}, and an {@code Origin} header must match {@code Host};
 *   <li>passes when it carries {@code Authorization} and neither {@code Origin} nor any {@code
 *       Sec-Fetch-*} header: a script (curl, the Go port's clients), not a browser;
 *   <li>otherwise must carry the header {@code X-Requested-With} (any value), as the page does.
 * </ul>
 * Refusals are 403 JSON with fault {@code CSRF}. Wraps {@code next}, on whatever thread calls it.
 */
public final class CsrfGuard implements HttpHandler {
  /** The header the page (and scripts) must send on every state-changing request. */
  public static final HttpString HEADER = new HttpString("X-Requested-With");
  private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");

  private final HttpHandler next;

  public CsrfGuard(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD)) {
      next.handleRequest(exchange);
      return;
    }
    String problem = problem(exchange);
    if (problem != null) {
      Replies.refuse(exchange, 403, "CSRF", problem);
      return;
    }
    next.handleRequest(exchange);
  }

  private static String problem(HttpServerExchange exchange) {
    String fetchSite = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
    if (fetchSite != null && !(fetchSite.equals("same-origin") || fetchSite.equals("none"))) {
      return "refused a " + fetchSite + " request (Sec-Fetch-Site)";
    }
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (origin != null && !sameOrigin(origin, exchange.getRequestHeaders().getFirst(Headers.HOST))) {
      return "refused a request from origin " + origin;
    }
    if (origin == null && !hasFetchMetadata(exchange)
        && exchange.getRequestHeaders().contains(Headers.AUTHORIZATION)) {
      return null; // a script with credentials: no browser sends a cross-site request without Origin/Sec-Fetch-*
    }
    String marker = exchange.getRequestHeaders().getFirst(HEADER);
    if (marker == null || marker.isBlank()) {
      return "state-changing requests must carry the header X-Requested-With (or, from a script, Authorization)";
    }
    return null;
  }

  /** Whether any {@code Sec-Fetch-*} header came: fetch metadata, which only browsers send. */
  private static boolean hasFetchMetadata(HttpServerExchange exchange) {
    for (HttpString name : exchange.getRequestHeaders().getHeaderNames()) {
      if (name.toString().toLowerCase(Locale.ROOT).startsWith("sec-fetch-")) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code origin} ({@code scheme://host[:port]}) names the host the request was sent to. */
  static boolean sameOrigin(String origin, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null) {
        return false;
      }
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      String originHost = uri.getHost().toLowerCase(Locale.ROOT);
      String h = host.toLowerCase(Locale.ROOT);
      return h.equals(originHost + ":" + port) || (h.equals(originHost) && port == defaultPort(uri.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
