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
 * basic-auth credentials cached would send them along with a form post from any site, so a request
 * that is not GET/HEAD must
 * <ul>
 *   <li>carry the header {@code X-Requested-With} (any value): a cross-site page cannot add a custom
 *       header without a CORS preflight, which this server never grants;
 *   <li>not come from another origin: an {@code Origin} header must match the {@code Host} header, and
 *       {@code Sec-Fetch-Site}, when present, must be {@code same-origin} or {@code none}.
 * </ul>
 * Scripts (curl, the Go port's users) add {@code -H 'X-Requested-With: curl'}. Refusals are 403 JSON
 * with fault {@code CSRF}. Wraps {@code next}, on whatever thread calls it.
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
    String marker = exchange.getRequestHeaders().getFirst(HEADER);
    if (marker == null || marker.isBlank()) {
      return "state-changing requests must carry the header X-Requested-With";
    }
    return null;
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
