package dev.jsupervisor.web;

import io.undertow.predicate.Predicate;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatcher;
import io.undertow.util.StatusCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link RoutingHandler} that answers a known path asked with the wrong method with {@code 405}
 * and the {@code Allow} header RFC 9110 requires (Undertow's own sends a bare 405): it remembers the
 * templates of every method as routes are added, and lists the methods whose templates match. The
 * body comes from {@link ErrorPages} (JSON on API paths). Routes are added while the server is built;
 * requests are answered on the IO thread.
 */
final class AllowingRoutingHandler extends RoutingHandler {
  private final Map<HttpString, PathTemplateMatcher<Boolean>> templates = new LinkedHashMap<>();

  AllowingRoutingHandler() {
    super(true);
    setInvalidMethodHandler(this::methodNotAllowed);
  }

  @Override
  public synchronized RoutingHandler add(HttpString method, String template, io.undertow.server.HttpHandler handler) {
    remember(method, template);
    return super.add(method, template, handler);
  }

  @Override
  public synchronized RoutingHandler add(HttpString method, String template, Predicate predicate,
      io.undertow.server.HttpHandler handler) {
    remember(method, template);
    return super.add(method, template, predicate, handler);
  }

  private void remember(HttpString method, String template) {
    PathTemplateMatcher<Boolean> m = templates.computeIfAbsent(method, k -> new PathTemplateMatcher<>());
    if (m.get(template) == null) {
      m.add(template, Boolean.TRUE);
    }
  }

  /** The methods that have a route for {@code path}, in the order they were first registered. */
  synchronized String allowed(String path) {
    return templates.entrySet().stream()
        .filter(e -> e.getValue().match(path) != null)
        .map(e -> e.getKey().toString())
        .collect(Collectors.joining(", "));
  }

  private void methodNotAllowed(HttpServerExchange exchange) {
    String allowed = allowed(exchange.getRelativePath());
    exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
    ErrorPages.send(exchange, StatusCodes.METHOD_NOT_ALLOWED,
        exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath() + " (allowed: " + allowed + ")");
  }
}
