package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view with real daemons: a hub (with auth) whose remotes are a daemon with its own
 * credentials ({@code api}) and one that is stopped during the test ({@code batch}). The hub's page
 * data shows both, controls {@code api}'s processes, and shows {@code batch} OFFLINE without hanging.
 */
@Timeout(120)
final class FleetIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String inet(int port, String user, String password, String extra) {
    return "[inet_http_server]\nport=127.0.0.1:" + port + "\n"
        + (user == null ? "" : "username=" + user + "\npassword=" + password + "\n") + extra;
  }

  private DaemonProcess start(String name, String sections) {
    try {
      Path d = Files.createDirectories(dir.resolve(name));
      return DaemonProcess.java(d, DaemonProcess.writeConfig(d, sections));
    } catch (Exception e) {
      throw new IllegalStateException("cannot start daemon " + name, e);
    }
  }

  private JsonNode get(int port, String path) throws Exception {
    return JSON.readTree(send(port, "GET", path).body());
  }

  private HttpResponse<String> send(int port, String method, String path) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:hubpw".getBytes(StandardCharsets.UTF_8)))
        .header("X-Requested-With", "test")
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return client.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode node(JsonNode nodes, String name) {
    return StreamSupport.stream(nodes.spliterator(), false).filter(n -> n.get("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no node " + name + " in " + nodes));
  }

  private static List<String> processes(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(p -> out.add(p.get("node").asText() + "/" + p.get("namespec").asText() + "=" + p.get("statename").asText()));
    return out;
  }

  @Test
  void hubShowsAndControlsRemotes_andAStoppedRemoteIsOffline() throws Exception {
    int hubPort = freePort();
    int apiPort = freePort();
    int batchPort = freePort();
    String program = "[program:worker]\ncommand=/bin/sleep 600\nstartsecs=0\n";
    // the three JVMs start at once (one after the other costs seconds on a 2-core box)
    CompletableFuture<DaemonProcess> apiStart = CompletableFuture.supplyAsync(
        () -> start("api", inet(apiPort, "ops", "apipw", "nodename=api-box\n") + program));
    CompletableFuture<DaemonProcess> batchStart = CompletableFuture.supplyAsync(
        () -> start("batch", inet(batchPort, null, null, "") + program));
    CompletableFuture<DaemonProcess> hubStart = CompletableFuture.supplyAsync(
        () -> start("hub", inet(hubPort, "admin", "hubpw", "nodename=hub\n"
            + "remotes = api:127.0.0.1:" + apiPort + ", batch:127.0.0.1:" + batchPort + "\n"
            + "remote_api_username = ops\nremote_api_password = apipw\nremote_timeout = 2\n") + program));
    try (DaemonProcess api = apiStart.get(60, TimeUnit.SECONDS);
        DaemonProcess batch = batchStart.get(60, TimeUnit.SECONDS);
        DaemonProcess hub = hubStart.get(60, TimeUnit.SECONDS)) {
      // poll as the page does until every worker runs (a just-started JVM may answer its first
      // calls slower than the 2 s timeout, which shows that node OFFLINE for one poll)
      List<String> all = List.of("hub/worker=RUNNING", "api/worker=RUNNING", "batch/worker=RUNNING");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> seen = processes(get(hubPort, "/program/list"));
      while (!seen.equals(all) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        seen = processes(get(hubPort, "/program/list"));
      }
      assertThat(seen).containsExactlyElementsOf(all);
      JsonNode nodes = get(hubPort, "/supervisor/listNodes");
      assertThat(node(nodes, "hub").get("status").asText()).isEqualTo("ONLINE");
      assertThat(node(nodes, "api").get("status").asText()).as(nodes.toString()).isEqualTo("ONLINE");
      assertThat(node(nodes, "batch").get("status").asText()).as(nodes.toString()).isEqualTo("ONLINE");

      HttpResponse<String> stop = send(hubPort, "POST", "/program/stop/api/worker");
      assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
      assertThat(api.ctl("status", "worker").output()).contains("STOPPED");
      assertThat(hub.ctl("status", "worker").output()).contains("RUNNING");
      assertThat(processes(get(hubPort, "/program/list"))).contains("api/worker=STOPPED", "hub/worker=RUNNING");
      assertThat(send(hubPort, "POST", "/program/start/api/worker").statusCode()).isEqualTo(200);
      api.awaitState("worker", "RUNNING", Duration.ofSeconds(10));

      batch.signal("TERM");
      assertThat(batch.awaitExit(Duration.ofSeconds(30))).isZero();
      long t0 = System.nanoTime();
      nodes = get(hubPort, "/supervisor/listNodes");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(15_000);
      assertThat(node(nodes, "batch").get("status").asText()).isEqualTo("OFFLINE");
      assertThat(node(nodes, "api").get("status").asText()).isEqualTo("ONLINE");
      assertThat(processes(get(hubPort, "/program/list")))
          .containsExactly("hub/worker=RUNNING", "api/worker=RUNNING");
      HttpResponse<String> offline = send(hubPort, "POST", "/program/stop/batch/worker");
      assertThat(offline.statusCode()).isEqualTo(502);
      assertThat(JSON.readTree(offline.body()).get("fault").asText()).isEqualTo("NODE_OFFLINE");
    }
  }
}
