package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.web.rest.RestApi;
import dev.jsupervisor.web.testing.Fixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own errors (401, 404, 405) through the real server with auth: JSON on the REST API
 * and {@code /metrics}, medusa's page on {@code /RPC2} and the web page; 405 always with {@code Allow}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ApiErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Supervisor supervisor;
  private WebServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    supervisor = Fixture.standard(launcher, dir);
    FakeDaemon daemon = new FakeDaemon(Files.writeString(dir.resolve("supervisord.log"), ""));
    server = WebServer.builder()
        .inet(new InetListener("127.0.0.1", 0, Optional.of("user"), Optional.of("secret")))
        .extraRoutes(routes -> {
          RestApi.register(routes, supervisor, daemon);
          routes.get("/", ex -> ex.getResponseSender().send("the page"));
          routes.get("/metrics", ex -> ex.getResponseSender().send("up 1\n"));
        })
        .build(new FakeRpc(), (name, channel) -> Optional.empty());
    server.start();
    InetSocketAddress address = server.inetAddresses().get(0);
    base = "http://127.0.0.1:" + address.getPort();
    supervisor.startAsync();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    launcher.close();
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(""));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertJsonError(HttpResponse<String> r, int status, String fault) throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("fault").asText()).isEqualTo(fault);
    assertThat(body.get("message").asText()).isNotBlank();
  }

  @Test
  void unauthorized_onRestAndMetrics_isJsonWithTheChallenge() throws Exception {
    for (String path : new String[] {"/program/list", "/supervisor/info", "/metrics", "/program/nosuch"}) {
      var r = send("GET", path);
      assertJsonError(r, 401, "UNAUTHORIZED");
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"default\"");
    }
    assertJsonError(send("POST", "/program/start/idle", "X-Requested-With", "t"), 401, "UNAUTHORIZED");
  }

  @Test
  void unauthorized_onRpcAndThePage_staysMedusasPage() throws Exception {
    for (String path : new String[] {"/RPC2", "/"}) {
      var r = send(path.equals("/RPC2") ? "POST" : "GET", path);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
      assertThat(r.body()).contains("<p>Error code 401.\r\n<p>Message: Unauthorized.");
    }
  }

  @Test
  void unknownRoute_underTheApi_isJson404() throws Exception {
    assertJsonError(send("GET", "/program/nosuch/route", "Authorization", AUTH), 404, "NOT_FOUND");
    assertJsonError(send("GET", "/supervisor/nosuch", "Authorization", AUTH), 404, "NOT_FOUND");
    // another path asked by a JSON client
    assertJsonError(send("GET", "/api/v2/x", "Authorization", AUTH, "Accept", "application/json"), 404, "NOT_FOUND");
  }

  @Test
  void unknownRoute_elsewhere_staysMedusasPage() throws Exception {
    var r = send("GET", "/nosuch.html", "Authorization", AUTH);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
  }

  @Test
  void wrongMethod_is405WithAllow() throws Exception {
    var stop = send("GET", "/program/stop/sleeper", "Authorization", AUTH);
    assertJsonError(stop, 405, "METHOD_NOT_ALLOWED");
    assertThat(stop.headers().firstValue("Allow")).hasValue("POST, PUT");
    var list = send("DELETE", "/program/list", "Authorization", AUTH);
    assertJsonError(list, 405, "METHOD_NOT_ALLOWED");
    assertThat(list.headers().firstValue("Allow")).hasValue("GET");
    var page = send("POST", "/", "Authorization", AUTH);
    assertThat(page.statusCode()).isEqualTo(405);
    assertThat(page.headers().firstValue("Allow")).hasValue("GET");
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html");
  }

  @Test
  void scriptWithCredentials_needsNoCsrfHeader() throws Exception {
    var r = send("POST", "/program/start/idle", "Authorization", AUTH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).at("/process/statename").asText()).isEqualTo("RUNNING");
  }
}
