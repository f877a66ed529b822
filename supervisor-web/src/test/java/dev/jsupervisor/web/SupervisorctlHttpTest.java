package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.ControlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Python supervisorctl against our HTTP layer on both listeners at once (inet with a
 * {@code {SHA}} password, unix without), with a fake XML-RPC endpoint so only transport is tested.
 */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class SupervisorctlHttpTest {

  @TempDir Path dir;
  private Path socket;
  private Path log;
  private Path mainLog;
  private WebServer server;
  private String httpUrl;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(Supervisorctl.BINARY), "needs Debian's supervisorctl");
    socket = dir.resolve("supervisor.sock");
    log = dir.resolve("web.log");
    mainLog = dir.resolve("main.log");
    Files.writeString(log, "first line\n");
    Files.writeString(mainLog, "main says hi\n");
    server =
        WebServer.builder()
            .unix(UnixListener.of(socket))
            // sha1("secret")
            .inet(new InetListener("127.0.0.1", 0, Optional.of("admin"),
                Optional.of("{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4")))
            .mainLogFile(() -> Optional.of(mainLog))
            .build(new FakeRpc(), (name, channel) -> {
              if (!name.namespec().equals("web")) {
                throw new ControlException(ControlException.Reason.BAD_NAME, name.namespec());
              }
              return Optional.of(log);
            });
    server.start();
    httpUrl = "http://127.0.0.1:" + server.inetAddresses().get(0).getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void pid_overUnixSocket_printsPid() throws Exception {
    Supervisorctl.Result r = new Supervisorctl(dir, "unix://" + socket).run("pid");
    assertThat(r.output()).isEqualTo("4242\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void pid_overHttpWithPassword_printsPid() throws Exception {
    Supervisorctl.Result r = new Supervisorctl(dir, httpUrl).run("-u", "admin", "-p", "secret", "pid");
    assertThat(r.output()).isEqualTo("4242\n");
  }

  @Test
  void pid_overHttpWrongPassword_saysAuthenticationRequired() throws Exception {
    Supervisorctl.Result r = new Supervisorctl(dir, httpUrl).run("-u", "admin", "-p", "nope", "pid");
    assertThat(r.output()).contains("Server requires authentication");
    assertThat(r.exitCode()).isNotZero();
  }

  @Test
  void tailF_overUnixSocket_streamsAppendedLines() throws Exception {
    Process tail = new Supervisorctl(dir, "unix://" + socket).start("tail", "-f", "web");
    try {
      Supervisorctl.readUntil(tail, "first line");
      Files.writeString(log, "second line\n", StandardOpenOption.APPEND);
      Supervisorctl.readUntil(tail, "second line");
    } finally {
      tail.destroyForcibly().waitFor();
    }
  }

  @Test
  void tailF_overHttpWithPassword_streamsAppendedLines() throws Exception {
    Process tail =
        new Supervisorctl(dir, httpUrl).start("-u", "admin", "-p", "secret", "tail", "-f", "web", "stderr");
    try {
      Supervisorctl.readUntil(tail, "first line");
      Files.writeString(log, "over tcp\n", StandardOpenOption.APPEND);
      Supervisorctl.readUntil(tail, "over tcp");
    } finally {
      tail.destroyForcibly().waitFor();
    }
  }

  @Test
  void maintailF_overUnixSocket_streamsMainLog() throws Exception {
    Process tail = new Supervisorctl(dir, "unix://" + socket).start("maintail", "-f");
    try {
      Supervisorctl.readUntil(tail, "main says hi");
      Files.writeString(mainLog, "more main\n", StandardOpenOption.APPEND);
      Supervisorctl.readUntil(tail, "more main");
    } finally {
      tail.destroyForcibly().waitFor();
    }
  }

  @Test
  void tailF_unknownProcess_reportsStatus404() throws Exception {
    Process tail = new Supervisorctl(dir, "unix://" + socket).start("tail", "-f", "nosuch");
    try {
      assertThat(Supervisorctl.readUntil(tail, "Cannot read")).contains("status code 404");
    } finally {
      tail.destroyForcibly().waitFor();
    }
  }
}
