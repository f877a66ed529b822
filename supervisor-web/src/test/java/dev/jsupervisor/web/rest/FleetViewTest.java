package dev.jsupervisor.web.rest;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.web.InetListener;
import dev.jsupervisor.web.WebServer;
import dev.jsupervisor.web.testing.Fixture;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view in process: a hub (with auth) whose remotes are a daemon with other credentials
 * ({@code web2}), a port nobody listens on ({@code dead}), a socket that accepts but never answers
 * ({@code hang}) and {@code web2} again with a wrong password ({@code wrongpw}). Engines are real,
 * children fakes.
 */
@Timeout(60)
final class FleetViewTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");

  @TempDir Path dir;
  private final FakeLauncher hubLauncher = FakeLauncher.exitingOnStopSignals();
  private final FakeLauncher remoteLauncher = FakeLauncher.exitingOnStopSignals();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Socket> hung = new ArrayList<>();
  private Supervisor hub;
  private Supervisor remote;
  private WebServer hubServer;
  private WebServer remoteServer;
  private ServerSocket blackhole;
  private Thread acceptor;
  private String base;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("hub"));
    Files.createDirectories(dir.resolve("remote"));
    remote = Fixture.standard(remoteLauncher, dir.resolve("remote"));
    FakeDaemon remoteDaemon = new FakeDaemon(Files.writeString(dir.resolve("remote.log"), "remote\n"));
    remoteServer = WebServer.builder()
        .inet(new InetListener("127.0.0.1", 0, Optional.of("ops"), Optional.of("remote-secret")))
        .dispatcher(new RpcDispatcher(remote, remoteDaemon))
        .supervisor(remote)
        .extraRoutes(routes -> RestApi.register(routes, remote, remoteDaemon,
            new Fleet(Optional.of("web2"), List.of(), Duration.ofSeconds(1))))
        .build();
    remoteServer.start();
    remote.startAsync();
    awaitState(remote, SLEEPER, ProcessState.RUNNING);

    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    blackhole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      try {
        while (true) {
          hung.add(blackhole.accept());
        }
      } catch (java.io.IOException e) {
        // closed by the test
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();

    URI remoteUrl = URI.create("http://127.0.0.1:" + remoteServer.inetAddresses().get(0).getPort());
    Fleet fleet = new Fleet(Optional.of("hub"), List.of(
        new Fleet.Remote("web2", remoteUrl, Optional.of("ops"), Optional.of("remote-secret")),
        new Fleet.Remote("dead", URI.create("http://127.0.0.1:" + deadPort), Optional.empty(), Optional.empty()),
        new Fleet.Remote("hang", URI.create("http://127.0.0.1:" + blackhole.getLocalPort()), Optional.empty(),
            Optional.empty()),
        new Fleet.Remote("wrongpw", remoteUrl, Optional.of("ops"), Optional.of("nope"))),
        Duration.ofSeconds(2));
    hub = Fixture.standard(hubLauncher, dir.resolve("hub"));
    FakeDaemon hubDaemon = new FakeDaemon(Files.writeString(dir.resolve("hub.log"), "hub\n"));
    hubServer = WebServer.builder()
        .inet(new InetListener("127.0.0.1", 0, Optional.of("admin"), Optional.of("hub-secret")))
        .dispatcher(new RpcDispatcher(hub, hubDaemon))
        .supervisor(hub)
        .extraRoutes(routes -> RestApi.register(routes, hub, hubDaemon, fleet))
        .build();
    hubServer.start();
    hub.startAsync();
    awaitState(hub, SLEEPER, ProcessState.RUNNING);
    base = "http://127.0.0.1:" + hubServer.inetAddresses().get(0).getPort();
    // a cold JVM answers its first requests slowly; the timeouts under test are the hub's, not this warm-up
    for (String path : new String[] {"/program/list", "/supervisor/listNodes", "/program/info/sleeper"}) {
      client.send(HttpRequest.newBuilder(URI.create(remoteUrl + path)).header("Authorization", basic("ops", "remote-secret"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      client.send(HttpRequest.newBuilder(URI.create(remoteUrl + path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (blackhole != null) {
      blackhole.close();
    }
    for (Socket s : hung) {
      s.close();
    }
    for (WebServer s : new WebServer[] {hubServer, remoteServer}) {
      if (s != null) {
        s.stop();
      }
    }
    for (Supervisor s : new Supervisor[] {hub, remote}) {
      if (s != null) {
        s.stopAsync().get(20, TimeUnit.SECONDS);
      }
    }
    hubLauncher.close();
    remoteLauncher.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, "Authorization", basic("admin", "hub-secret"));
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body, "Authorization", basic("admin", "hub-secret"), "X-Requested-With", "test");
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Replies.MAPPER.readTree(r.body());
  }

  private static JsonNode node(JsonNode nodes, String name) {
    return StreamSupport.stream(nodes.spliterator(), false).filter(n -> n.get("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no node " + name + " in " + nodes));
  }

  @Test
  void listNodes_showsOnlineAndOfflineNodes_withinTheTimeout() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = get("/supervisor/listNodes");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode nodes = json(r);
    assertThat(StreamSupport.stream(nodes.spliterator(), false).map(n -> n.get("name").asText()))
        .containsExactly("hub", "web2", "dead", "hang", "wrongpw");
    assertThat(node(nodes, "hub").get("status").asText()).isEqualTo("ONLINE");
    assertThat(node(nodes, "hub").get("mem_total").asLong()).isPositive();
    JsonNode web2 = node(nodes, "web2");
    assertThat(web2.get("status").asText()).isEqualTo("ONLINE");
    assertThat(web2.get("local").asBoolean()).isFalse();
    assertThat(web2.has("cpu_percent")).isTrue();
    assertThat(node(nodes, "dead").get("status").asText()).isEqualTo("OFFLINE");
    assertThat(node(nodes, "dead").get("error").asText()).contains("node dead", "offline");
    assertThat(node(nodes, "hang").get("status").asText()).isEqualTo("OFFLINE");
    assertThat(node(nodes, "wrongpw").get("status").asText()).isEqualTo("OFFLINE");
    assertThat(node(nodes, "wrongpw").get("error").asText()).contains("refused the credentials");
    // the hanging node costs the timeout (2 s), not the client's 30 s; generous bound for a loaded box
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void list_hasTheRemotesProcessesUnderTheirNodeName() throws Exception {
    JsonNode list = json(get("/program/list"));
    List<String> keys = new ArrayList<>();
    list.forEach(p -> keys.add(p.get("node").asText() + "/" + p.get("namespec").asText()));
    assertThat(keys).contains("hub/sleeper", "web2/sleeper", "web2/web:a");
    assertThat(keys).hasSize(10);
    assertThat(keys.subList(0, 5)).allMatch(k -> k.startsWith("hub/"));
  }

  @Test
  void nodeRoutes_controlTheRemote() throws Exception {
    HttpResponse<String> stop = post("/program/stop/web2/sleeper", null);
    assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
    assertThat(json(stop).get("process").get("statename").asText()).isEqualTo("STOPPED");
    assertThat(remote.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.STOPPED);
    assertThat(hub.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);

    JsonNode info = json(get("/program/info/web2/sleeper"));
    assertThat(info.get("statename").asText()).isEqualTo("STOPPED");
    assertThat(post("/program/start/web2/sleeper", null).statusCode()).isEqualTo(200);
    awaitState(remote, SLEEPER, ProcessState.RUNNING);
    assertThat(json(get("/supervisor/web2/ping")).get("success").asBoolean()).isTrue();
    HttpResponse<String> unknown = get("/program/info/web2/nosuch");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("fault").asText()).isEqualTo("BAD_NAME");
    // the local names still work on the {node} routes
    assertThat(json(get("/program/info/hub/sleeper")).get("node").asText()).isEqualTo("hub");
  }

  @Test
  void nodeRoutes_offlineOrRefusedRemote_isA502WithoutAChallenge() throws Exception {
    HttpResponse<String> dead = post("/program/stop/dead/sleeper", null);
    assertThat(dead.statusCode()).isEqualTo(502);
    assertThat(json(dead).get("fault").asText()).isEqualTo("NODE_OFFLINE");
    HttpResponse<String> hang = get("/program/info/hang/sleeper");
    assertThat(json(hang).get("fault").asText()).isEqualTo("NODE_OFFLINE");
    HttpResponse<String> refused = post("/program/stop/wrongpw/sleeper", null);
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(json(refused).get("fault").asText()).isEqualTo("NODE_AUTH");
    assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(remote.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void nothingIsProxiedThatTheLocalUserMayNotDo() throws Exception {
    HttpResponse<String> noAuth = send("POST", "/program/stop/web2/sleeper", null, "X-Requested-With", "x");
    assertThat(noAuth.statusCode()).isEqualTo(401);
    // the remote's own credentials do not open the hub
    HttpResponse<String> remoteCreds = send("POST", "/program/stop/web2/sleeper", null,
        "Authorization", basic("ops", "remote-secret"), "X-Requested-With", "x");
    assertThat(remoteCreds.statusCode()).isEqualTo(401);
    // a browser's cross-site post with the hub's cached credentials
    HttpResponse<String> csrf = send("POST", "/program/stop/web2/sleeper", null,
        "Authorization", basic("admin", "hub-secret"), "Origin", "http://evil.example");
    assertThat(csrf.statusCode()).isEqualTo(403);
    HttpResponse<String> list = send("GET", "/program/list", null);
    assertThat(list.statusCode()).isEqualTo(401);
    assertThat(remote.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void startPrograms_splitsByNode() throws Exception {
    HttpResponse<String> r = post("/program/stopPrograms",
        "[{\"node\":\"hub\",\"program\":\"sleeper\"},{\"node\":\"web2\",\"program\":\"sleeper\"},"
            + "{\"node\":\"dead\",\"program\":\"x\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("success").asBoolean()).isFalse();
    List<String> results = new ArrayList<>();
    body.get("results").forEach(x -> results.add(x.get("node").asText() + "/" + x.get("name").asText() + "="
        + x.get("success").asBoolean()));
    assertThat(results).containsExactly("hub/sleeper=true", "web2/sleeper=true", "dead/x=false");
    assertThat(hub.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.STOPPED);
    assertThat(remote.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void remoteLog_isPassedThrough() throws Exception {
    HttpResponse<String> local = get("/program/log/hub/sleeper/stdout");
    HttpResponse<String> proxied = get("/program/log/web2/sleeper/stdout");
    assertThat(proxied.statusCode()).isEqualTo(local.statusCode());
    assertThat(proxied.headers().firstValue("Content-Type")).isEqualTo(local.headers().firstValue("Content-Type"));
    HttpResponse<String> tail = get("/program/tail/web2/sleeper/stdout?length=100");
    assertThat(tail.statusCode()).as(tail.body()).isEqualTo(200);
    assertThat(json(tail).has("offset")).isTrue();
  }

  @Test
  void aFleetHop_getsTheRemotesOwnPartOnly() throws Exception {
    JsonNode nodes = Replies.MAPPER.readTree(send("GET", "/supervisor/listNodes", null,
        "Authorization", basic("admin", "hub-secret"), RemoteNodes.HOP, "1").body());
    assertThat(nodes).hasSize(1);
    assertThat(nodes.get(0).get("name").asText()).isEqualTo("hub");
    assertThat(hubServer.inetAddresses().get(0)).isInstanceOf(InetSocketAddress.class);
  }
}
