package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.LogLevel;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class UnixSocketServerTest {

  @TempDir Path dir;
  private final FakeRpc rpc = new FakeRpc();
  private final List<String> notices = new CopyOnWriteArrayList<>();
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private WebServer build(UnixListener listener) {
    return WebServer.builder()
        .unix(listener)
        .activityLog((LogLevel level, String message) -> notices.add(level + " " + message))
        .build(rpc, (name, channel) -> Optional.empty());
  }

  private Path startOpen() throws Exception {
    Path socket = dir.resolve("s.sock");
    server = build(UnixListener.of(socket));
    server.start();
    return socket;
  }

  @Test
  void rpc_overUnixSocket_isServedWithKeepAlive() throws Exception {
    Path socket = startOpen();
    try (RawHttp http = RawHttp.unix(socket)) {
      for (int i = 0; i < 3; i++) {
        String response = http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response();
        assertThat(response).startsWith("HTTP/1.1 200 ").contains("4242");
      }
    }
  }

  @Test
  void start_defaultChmod_is0700AndNoTempLinkRemains() throws Exception {
    Path socket = startOpen();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rwx------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(socket);
    }
    assertThat(notices).contains("CRIT Server 'unix_http_server' running without any HTTP authentication checking");
  }

  @Test
  void start_chmod0766_isApplied() throws Exception {
    Path socket = dir.resolve("m.sock");
    server = build(new UnixListener(socket, 0766, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    server.start();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rwxrw-rw-");
  }

  @Test
  void stop_removesSocketFile() throws Exception {
    Path socket = startOpen();
    server.stop();
    assertThat(socket).doesNotExist();
  }

  @Test
  void start_staleSocket_isUnlinkedAndReplaced() throws Exception {
    Path socket = dir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    } // closed: the file stays, nobody listens
    assertThat(socket).exists();
    server = build(UnixListener.of(socket));
    server.start();
    assertThat(notices).contains("WARN Unlinking stale socket " + socket);
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response()).contains("4242");
    }
  }

  @Test
  void start_liveServerOnSocket_failsAndLeavesItAlone() throws Exception {
    Path socket = startOpen();
    WebServer second = build(UnixListener.of(socket));
    assertThatThrownBy(second::start)
        .isInstanceOf(ListenerBindException.class)
        .hasMessageContaining(ListenerBindException.ALREADY_LISTENING)
        .hasMessageContaining(socket.toString());
    assertThat(socket).exists();
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response()).contains("4242");
    }
  }

  @Test
  void start_missingDirectory_failsNamingTheFile() {
    Path socket = dir.resolve("no/such/dir.sock");
    WebServer broken = build(UnixListener.of(socket));
    assertThatThrownBy(broken::start)
        .isInstanceOf(ListenerBindException.class)
        .hasMessageContaining("Cannot open an HTTP server")
        .hasMessageContaining(socket.toString());
  }

  @Test
  void request_emptyHostAndExtraBlankLine_isServed() throws Exception {
    Path socket = startOpen();
    try (RawHttp http = RawHttp.unix(socket)) {
      String response =
          http.send("GET /nosuch HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\n"
                  + "User-agent: Supervisor HTTP Client\r\n\r\n\r\n")
              .response();
      assertThat(response).startsWith("HTTP/1.1 404 ");
    }
    // Known limit: Undertow reads the stray CRLF as the start of a next request on the same
    // connection; supervisorctl never sends one there (it streams or closes), and new connections
    // are unaffected.
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response()).contains("4242");
    }
  }

  @Test
  void auth_onUnixListener_requiresItsOwnCredentials() throws Exception {
    Path socket = dir.resolve("a.sock");
    server =
        WebServer.builder()
            .unix(new UnixListener(socket, 0700, Optional.empty(), Optional.empty(), Optional.of("u"), Optional.of("p")))
            .inet(InetListener.of("127.0.0.1", 0))
            .build(rpc, (name, channel) -> Optional.empty());
    server.start();
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).untilClosed())
          .startsWith("HTTP/1.1 401 ");
    }
    try (RawHttp http = RawHttp.tcp(server.inetAddresses().get(0))) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response())
          .startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void garbage_onUnixSocket_thenGoodConnectionServed() throws Exception {
    Path socket = startOpen();
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send("\u0000\u0001\u0002 nonsense\r\n\r\n").untilClosed()).doesNotStartWith("HTTP/1.1 200");
    }
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response()).contains("4242");
    }
  }

  @Test
  void slowClientsThatLeave_releaseTheirThreadsAndDescriptors() throws Exception {
    Path socket = startOpen();
    try (RawHttp warm = RawHttp.unix(socket)) { // first-use allocations are not leaks
      warm.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response();
    }
    assertThat(Leaks.awaitAtMost(() -> Leaks.threadsNamed("web-unix-"), 1, 10)).isEqualTo(1); // the acceptor
    int fdsBefore = Leaks.openFds();
    List<SocketChannel> clients = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap("POST /RPC2 HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII)));
      clients.add(c);
    }
    // the acceptor hands each connection to a thread of its own, asynchronously
    assertThat(Leaks.awaitAtLeast(() -> Leaks.threadsNamed("web-unix-"), 2, 10)).isGreaterThan(1);
    for (SocketChannel c : clients) {
      c.close(); // gone mid-request
    }
    assertThat(Leaks.awaitAtMost(() -> Leaks.threadsNamed("web-unix-"), 1, 15)).isEqualTo(1);
    assertThat(Leaks.awaitAtMost(Leaks::openFds, fdsBefore + 5, 15)).isLessThanOrEqualTo(fdsBefore + 5);
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response()).contains("4242");
    }
  }

  @Test
  void permissions_modeBits_mapToPosixPermissions() {
    assertThat(PosixFilePermissions.toString(UnixSocketServer.permissions(0700))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(UnixSocketServer.permissions(0754))).isEqualTo("rwxr-xr--");
    assertThat(PosixFilePermissions.toString(UnixSocketServer.permissions(0))).isEqualTo("---------");
  }
}
