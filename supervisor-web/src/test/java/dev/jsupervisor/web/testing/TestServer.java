package dev.jsupervisor.web.testing;

import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A bare Undertow on a random loopback port serving one routing tree, plus an HTTP client for it. */
public final class TestServer implements AutoCloseable {
  private final Undertow undertow;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public TestServer(Consumer<RoutingHandler> setup) {
    RoutingHandler routes = new RoutingHandler();
    setup.accept(routes);
    undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(4).setHandler(routes).build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  /** A POST as the page sends it (with X-Requested-With). */
  public HttpResponse<String> post(String path) {
    return post(path, "", "X-Requested-With", "test");
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> put(String path, String... headers) {
    return send(request(path, headers).PUT(HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
