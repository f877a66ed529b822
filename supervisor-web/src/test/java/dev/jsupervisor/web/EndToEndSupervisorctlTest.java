package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.rpc.RpcDispatcher;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack as a user sees it: a real engine running {@code /bin/sh}, the real {@link
 * RpcDispatcher}, our server on a unix socket and on TCP with a password, and Debian's supervisorctl.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class EndToEndSupervisorctlTest {

  @TempDir Path dir;
  private Supervisor supervisor;
  private WebServer server;
  private Path socket;
  private InetSocketAddress inet;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(Supervisorctl.BINARY), "needs Debian's supervisorctl");
    socket = dir.resolve("e2e.sock");
    Path mainLog = dir.resolve("supervisord.log");
    Files.writeString(mainLog, "supervisord started\n");
    ProcessSpec hello =
        ProcessSpec.builder("hello", "/bin/sh -c 'echo hello-from-child; exec sleep 60'")
            .startsecs(Duration.ZERO)
            .stdout(LogSpec.DEFAULT.withTargets(List.of(new LogTarget.File(dir.resolve("hello.out")))))
            .build();
    supervisor = Supervisor.builder().group(GroupSpec.single(hello)).childLogDir(dir).build();
    supervisor.startAsync();
    RpcDispatcher dispatcher = new RpcDispatcher(supervisor, new FakeDaemon(mainLog, GroupSpec.single(hello)));
    server =
        WebServer.builder()
            .unix(UnixListener.of(socket))
            .inet(new InetListener("127.0.0.1", 0, Optional.of("admin"), Optional.of("secret")))
            .dispatcher(dispatcher)
            .supervisor(supervisor)
            .mainLogFile(() -> Optional.of(mainLog))
            .build();
    server.start();
    inet = server.inetAddresses().get(0);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(30, TimeUnit.SECONDS);
    }
  }

  private Supervisorctl overUnix() throws Exception {
    return new Supervisorctl(dir, "unix://" + socket);
  }

  private Supervisorctl overHttp() throws Exception {
    return new Supervisorctl(dir, "http://127.0.0.1:" + inet.getPort());
  }

  @Test
  void status_overUnixSocket_showsRunningProcess() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(overUnix().run("status").output()).contains("hello").contains("RUNNING"));
  }

  @Test
  void status_overHttpWithPassword_showsRunningProcess() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(overHttp().run("-u", "admin", "-p", "secret", "status").output()).contains("RUNNING"));
  }

  @Test
  void status_overHttpWithoutPassword_saysAuthenticationRequired() throws Exception {
    assertThat(overHttp().run("status").output()).contains("Server requires authentication");
  }

  @Test
  void startUnknown_overUnixSocket_reportsNoSuchProcess() throws Exception {
    assertThat(overUnix().run("start", "nosuch").output()).contains("ERROR (no such process)");
  }

  @Test
  void tailF_bothListeners_showChildOutput() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("hello.out")));
    for (Process tail : List.of(
        overUnix().start("tail", "-f", "hello"),
        overHttp().start("-u", "admin", "-p", "secret", "tail", "-f", "hello"))) {
      try {
        Supervisorctl.readUntil(tail, "hello-from-child");
      } finally {
        tail.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void rawTransport_realDispatcher_statusCodesAsSupervisord() throws Exception {
    String call = FakeRpc.call("supervisor.getState");
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2foo", call)).response()).startsWith("HTTP/1.1 200 ").contains("RUNNING");
      assertThat(http.send("GET /RPC2 HTTP/1.1\r\nHost: \r\n\r\n").response()).startsWith("HTTP/1.1 400 ");
      assertThat(http.send("POST /RPC2 HTTP/1.1\r\nHost: \r\n\r\n").response()).startsWith("HTTP/1.1 411 ");
      assertThat(http.send(RawHttp.post("/RPC2", "<methodCall></methodCall>")).response()).startsWith("HTTP/1.1 400 ");
    }
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send("garbage\r\n\r\n").untilClosed()).doesNotStartWith("HTTP/1.1 200");
    }
    try (RawHttp http = RawHttp.unix(socket)) {
      assertThat(http.send(RawHttp.post("/RPC2", call)).response()).startsWith("HTTP/1.1 200 ");
    }
  }
}
