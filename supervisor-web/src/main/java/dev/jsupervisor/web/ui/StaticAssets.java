package dev.jsupervisor.web.ui;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Serves the page's files from the jar ({@code dev/jsupervisor/web/ui/static/}), read once, at the
 * first request for any of them (about 60 KB that a daemon nobody browses does not hold). Responses
 * carry an ETag, the file's CRC-32 (a revalidation costs a 304), and headers that keep the page from
 * being framed by or loading anything from other sites. Any thread; the first request reads the jar.
 */
final class StaticAssets implements HttpHandler {
  static final String ROOT = "/dev/jsupervisor/web/ui/static/";
  static final List<String> FILES = List.of("index.html", "app.js", "charts.js", "app.css", "favicon.svg");

  private volatile Map<String, Asset> assets; // null until the first request

  private record Asset(byte[] bytes, String contentType, String etag) {}

  private Map<String, Asset> assets() {
    Map<String, Asset> a = assets;
    if (a == null) {
      synchronized (this) {
        a = assets;
        if (a == null) {
          a = new TreeMap<>();
          for (String f : FILES) {
            byte[] bytes = load(f);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            String etag = "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"";
            a.put(f, new Asset(bytes, contentType(f), etag));
          }
          assets = a;
        }
      }
    }
    return a;
  }

  /** Serves {@code /} and {@code /index.html} as the page, {@code /ui/<file>} as the file. */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String path = exchange.getRelativePath();
    String file = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(path.lastIndexOf('/') + 1);
    Asset asset = assets().get(file);
    if (asset == null) {
      exchange.setStatusCode(404);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("not found");
      return;
    }
    var h = exchange.getResponseHeaders();
    h.put(Headers.CONTENT_TYPE, asset.contentType());
    h.put(Headers.ETAG, asset.etag());
    h.put(Headers.CACHE_CONTROL, "no-cache");
    h.put(new HttpString("Content-Security-Policy"), "default-src 'self'; img-src 'self' data:; "
        + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'none'");
    h.put(new HttpString("X-Frame-Options"), "DENY");
    h.put(new HttpString("X-Content-Type-Options"), "nosniff");
    h.put(new HttpString("Referrer-Policy"), "same-origin");
    if (asset.etag().equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(asset.bytes()));
  }

  private static byte[] load(String file) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + ROOT + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + file, e);
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (file.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }
}
