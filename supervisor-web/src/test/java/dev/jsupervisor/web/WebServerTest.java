package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class WebServerTest {

  private final FakeRpc rpc = new FakeRpc();
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private InetSocketAddress start(InetListener listener) throws Exception {
    server =
        WebServer.builder()
            .inet(listener)
            .extraRoutes(WebServerTest::helloRoute)
            .build(rpc, (name, channel) -> Optional.empty());
    server.start();
    return server.inetAddresses().get(0);
  }

  private static void helloRoute(RoutingHandler routes) {
    routes.get("/hello", ex -> ex.getResponseSender().send("hello " + ex.getHostName()));
    routes.get("/metrics", ex -> ex.getResponseSender().send("up 1\n"));
  }

  private InetSocketAddress startOpen() throws Exception {
    return start(InetListener.of("127.0.0.1", 0));
  }

  private InetSocketAddress startWithAuth(String password) throws Exception {
    return start(new InetListener("127.0.0.1", 0, Optional.of("user"), Optional.of(password)));
  }

  private static String basic(String userColonPassword) {
    return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rpc2_post_returnsDispatcherBodyAsTextXml() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response();
      assertThat(response).startsWith("HTTP/1.1 200 ");
      assertThat(response).containsIgnoringCase("Content-Type: text/xml\r\n");
      assertThat(response).endsWith("<value><int>4242</int></value>\n</param>\n</params>\n</methodResponse>\n");
    }
  }

  @Test
  void rpc2_smallCallRunsOnTheIoThread_fileCallAndLargeBodyOnAWorker() throws Exception {
    InetSocketAddress address = startOpen();
    String padded = FakeRpc.call("supervisor.getPID").replace("<params>", "<params>" + " ".repeat(RpcHandler.INLINE_BODY_BYTES));
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response()).contains("4242");
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("test.files"))).response()).contains("4242");
      assertThat(http.send(RawHttp.post("/RPC2", padded)).response()).contains("4242");
    }
    assertThat(rpc.runThreads).containsExactly("web I/O", "web task-1", "web task-2");
  }

  @Test
  void rpc2_fault_isStatus200() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send(RawHttp.post("/RPC2", FakeRpc.call("test.fault"))).response();
      assertThat(response).startsWith("HTTP/1.1 200 ").contains("BAD_NAME: nosuch");
    }
  }

  @Test
  void rpc2_pathWithSuffix_isStillTheRpcEndpoint() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send(RawHttp.post("/RPC2foo", FakeRpc.call("supervisor.getPID"))).response();
      assertThat(response).startsWith("HTTP/1.1 200 ").contains("4242");
    }
  }

  @Test
  void rpc2_get_is400AndConnectionKeepsServing() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String bad = http.send("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n").response();
      assertThat(bad).startsWith("HTTP/1.1 400 ").contains("<p>Error code 400.");
      String good = http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response();
      assertThat(good).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void rpc2_withoutContentLength_is411() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send("POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n").response();
      assertThat(response).startsWith("HTTP/1.1 411 ");
    }
  }

  @Test
  void rpc2_chunkedBody_is411() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response =
          http.send("POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
              .response();
      assertThat(response).startsWith("HTTP/1.1 411 ");
    }
    assertThat(rpc.bodies).isEmpty();
  }

  @Test
  void rpc2_malformedBody_is400() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send(RawHttp.post("/RPC2", "<not-xml-rpc/>")).response();
      assertThat(response).startsWith("HTTP/1.1 400 ");
    }
  }

  @Test
  void rpc2_dispatcherCrash_is500AndServerKeepsServing() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("test.crash"))).response())
          .startsWith("HTTP/1.1 500 ")
          .doesNotContain("boom");
    }
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response())
          .startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void rpc2_bodyOverCap_is413AndServerKeepsServing() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response =
          http.send("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: " + (WebServer.MAX_RPC_BODY + 1)
                  + "\r\n\r\n<methodCall>")
              .response();
      assertThat(response).startsWith("HTTP/1.1 413 ");
    }
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response())
          .startsWith("HTTP/1.1 200 ");
    }
    assertThat(rpc.bodies).hasSize(1);
  }

  @Test
  void garbageRequestLine_thenGoodRequest_isServed() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String answer = http.send("\u0001\u0002 garbage garbage\r\n\r\n").untilClosed();
      assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    }
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response())
          .startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void extraRoutes_emptyHostHeader_servedWithLocalhost() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send("GET /hello HTTP/1.1\r\nHost: \r\n\r\n\r\n").response();
      assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("hello localhost");
    }
  }

  @Test
  void unknownPath_is404Page() throws Exception {
    InetSocketAddress address = startOpen();
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send("GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n").response();
      assertThat(response).startsWith("HTTP/1.1 404 ").containsIgnoringCase("Content-Type: text/html");
    }
  }

  @Test
  void auth_missing_is401WithChallengeAndClose() throws Exception {
    InetSocketAddress address = startWithAuth("secret");
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).untilClosed();
      assertThat(response)
          .startsWith("HTTP/1.1 401 ")
          .contains("WWW-Authenticate: Basic realm=\"default\"\r\n")
          .containsIgnoringCase("Connection: close\r\n")
          .contains("<p>Error code 401.\r\n<p>Message: Unauthorized.");
    }
    assertThat(rpc.bodies).isEmpty();
  }

  @Test
  void auth_metricsByDefault_needsCredentials() throws Exception {
    InetSocketAddress address = startWithAuth("secret");
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").untilClosed()).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void auth_metricsAuthOff_scrapeWithoutCredentials_butNothingElse() throws Exception {
    InetSocketAddress address =
        start(new InetListener("127.0.0.1", 0, Optional.of("user"), Optional.of("secret"), false));
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").response())
          .startsWith("HTTP/1.1 200 ").endsWith("up 1\n");
    }
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").untilClosed()).startsWith("HTTP/1.1 401 ");
    }
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/metrics", "x")).untilClosed()).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void auth_wrongPassword_is401() throws Exception {
    InetSocketAddress address = startWithAuth("secret");
    try (RawHttp http = RawHttp.tcp(address)) {
      String response =
          http.send("GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + basic("user:wrong") + "\r\n\r\n")
              .untilClosed();
      assertThat(response).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void auth_plainPassword_passes() throws Exception {
    InetSocketAddress address = startWithAuth("secret");
    try (RawHttp http = RawHttp.tcp(address)) {
      String response =
          http.send("GET /hello HTTP/1.1\r\nHost: x\r\nauthorization: basic " + basic("user:secret") + "\r\n\r\n")
              .response();
      assertThat(response).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void auth_shaPassword_passesWithClearText() throws Exception {
    // sha1("secret")
    InetSocketAddress address = startWithAuth("{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4");
    try (RawHttp http = RawHttp.tcp(address)) {
      String ok =
          http.send("GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + basic("user:secret") + "\r\n\r\n")
              .response();
      assertThat(ok).startsWith("HTTP/1.1 200 ");
    }
    try (RawHttp http = RawHttp.tcp(address)) {
      String hashAsPassword =
          http.send("GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                  + basic("user:{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4") + "\r\n\r\n")
              .untilClosed();
      assertThat(hashAsPassword).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void auth_undecodableBase64_is400() throws Exception {
    InetSocketAddress address = startWithAuth("secret");
    try (RawHttp http = RawHttp.tcp(address)) {
      String response =
          http.send("GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Basic abc\r\n\r\n").response();
      assertThat(response).startsWith("HTTP/1.1 400 ");
    }
  }

  @Test
  void auth_appliesToLogtailToo() throws Exception {
    InetSocketAddress address = startWithAuth("secret");
    try (RawHttp http = RawHttp.tcp(address)) {
      String response = http.send("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n").untilClosed();
      assertThat(response).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void start_portInUse_throwsSupervisordMessageNamingAddress() throws Exception {
    InetSocketAddress address = startOpen();
    WebServer second =
        WebServer.builder()
            .inet(InetListener.of("127.0.0.1", address.getPort()))
            .build(rpc, (name, channel) -> Optional.empty());
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
          .isInstanceOf(ListenerBindException.class)
          .hasMessageContaining(ListenerBindException.ALREADY_LISTENING)
          .hasMessageContaining("127.0.0.1:" + address.getPort());
    } finally {
      second.stop();
    }
  }
}
