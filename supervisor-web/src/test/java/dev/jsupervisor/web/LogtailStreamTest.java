package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tail endpoints over real sockets; appended data is awaited by reading, never by sleeping. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class LogtailStreamTest {

  @TempDir Path dir;
  private Path stdout;
  private Path mainLog;
  private WebServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() throws Exception {
    stdout = dir.resolve("web.out");
    mainLog = dir.resolve("supervisord.log");
    Files.writeString(stdout, "x".repeat(3000) + "tail-start\n");
    Files.writeString(mainLog, "main line\n");
    server =
        WebServer.builder()
            .inet(InetListener.of("127.0.0.1", 0))
            .unix(UnixListener.of(dir.resolve("s.sock")))
            .mainLogFile(() -> Optional.of(mainLog))
            .build(
                new FakeRpc(),
                (name, channel) -> {
                  if (!name.namespec().equals("web")) {
                    throw new ControlException(ControlException.Reason.BAD_NAME, name.namespec());
                  }
                  return channel == Channel.STDOUT
                      ? Optional.of(stdout)
                      : Optional.of(dir.resolve("web.err")); // configured, not yet created
                });
    server.start();
    address = server.inetAddresses().get(0);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\n"
        + "User-agent: Supervisor HTTP Client\r\n\r\n\r\n";
  }

  @Test
  void logtail_existingLog_streamsLast1024BytesThenAppends() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      String head = http.send(get("/logtail/web/stdout")).readHead();
      assertThat(head)
          .startsWith("HTTP/1.1 200 ")
          .contains("Content-Type: text/plain;charset=utf-8\r\n")
          .contains("X-Accel-Buffering: no\r\n")
          .contains("Transfer-Encoding: chunked\r\n")
          .contains("Last-Modified: ");
      String first = http.until("tail-start\n");
      // 1024 bytes of data = chunk size 400 in hex (Undertow pads it with zeros)
      assertThat(first).containsPattern("^0*400\r\n").contains("x".repeat(1013) + "tail-start\n");
      assertThat(first).doesNotContain("x".repeat(1014));
      Files.writeString(stdout, "appended\n", StandardOpenOption.APPEND);
      assertThat(http.until("appended\n")).containsPattern("(^|\n)0*9\r\nappended\n$");
    }
  }

  @Test
  void logtail_fileTruncated_sendsMarker() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      http.send(get("/logtail/web")).readHead();
      http.until("tail-start\n");
      Files.writeString(stdout, "", StandardOpenOption.TRUNCATE_EXISTING);
      http.until("==> File truncated <==\n");
      Files.writeString(stdout, "after\n", StandardOpenOption.APPEND);
      http.until("after\n");
    }
  }

  @Test
  void logtail_unknownProcess_is404() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(get("/logtail/nosuch")).response()).startsWith("HTTP/1.1 404 ");
    }
  }

  @Test
  void logtail_logNotCreatedYet_is404() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(get("/logtail/web/stderr")).response()).startsWith("HTTP/1.1 404 ");
    }
  }

  @Test
  void logtail_badChannel_is404() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(get("/logtail/web/stdin")).response()).startsWith("HTTP/1.1 404 ");
    }
  }

  @Test
  void logtail_post_is400() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(RawHttp.post("/logtail/web", "x")).response()).startsWith("HTTP/1.1 400 ");
    }
  }

  @Test
  void logtail_percentEncodedName_isDecoded() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(get("/logtail/w%65b/stdout")).readHead()).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void mainlogtail_streamsWithoutAccelHeader() throws Exception {
    try (RawHttp http = RawHttp.tcp(address)) {
      String head = http.send(get("/mainlogtail")).readHead();
      assertThat(head).startsWith("HTTP/1.1 200 ").doesNotContain("X-Accel-Buffering");
      http.until("main line\n");
    }
  }

  @Test
  void mainlogtail_noMainLog_is404() throws Exception {
    Files.delete(mainLog);
    try (RawHttp http = RawHttp.tcp(address)) {
      assertThat(http.send(get("/mainlogtail")).response()).startsWith("HTTP/1.1 404 ");
    }
  }

  @Test
  void manyOpenTails_doNotStarveRpc() throws Exception {
    List<RawHttp> tails = new ArrayList<>();
    try {
      for (int i = 0; i < 3 * WebServer.WORKERS; i++) {
        RawHttp tail = RawHttp.tcp(address);
        tails.add(tail);
        tail.send(get("/logtail/web")).readHead();
        tail.until("tail-start\n");
      }
      try (RawHttp http = RawHttp.tcp(address)) {
        assertThat(http.send(RawHttp.post("/RPC2", FakeRpc.call("supervisor.getPID"))).response())
            .contains("4242");
      }
      Files.writeString(stdout, "to all\n", StandardOpenOption.APPEND);
      for (RawHttp tail : tails) {
        tail.until("to all\n");
      }
    } finally {
      for (RawHttp tail : tails) {
        tail.close();
      }
    }
  }

  @Test
  void departedTailClients_onAQuietLog_releaseFileAndSocket() throws Exception {
    int fdsBefore = Leaks.openFds();
    List<RawHttp> tails = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RawHttp tail = i % 2 == 0 ? RawHttp.tcp(address) : RawHttp.unix(dir.resolve("s.sock"));
      tails.add(tail);
      tail.send(get(i % 4 < 2 ? "/logtail/web" : "/mainlogtail")).readHead();
    }
    assertThat(Leaks.openFdsOn(stdout) + Leaks.openFdsOn(mainLog)).isEqualTo(20);
    for (RawHttp tail : tails) {
      tail.close(); // nothing more is written to either log
    }
    assertThat(Leaks.awaitAtMost(() -> Leaks.openFdsOn(stdout) + Leaks.openFdsOn(mainLog), 0, 10)).isZero();
    assertThat(Leaks.awaitAtMost(Leaks::openFds, fdsBefore + 5, 10)).isLessThanOrEqualTo(fdsBefore + 5);
  }
}
