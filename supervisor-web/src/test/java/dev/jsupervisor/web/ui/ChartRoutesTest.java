package dev.jsupervisor.web.ui;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.web.testing.Fixture;
import dev.jsupervisor.web.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /program/stats} and {@code /program/timeline/{name}} over HTTP, on fake children and a fake /proc. */
final class ChartRoutesTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private final ProcessStatsSamplerTest.ManualTime time = new ProcessStatsSamplerTest.ManualTime(0);
  private Supervisor supervisor;
  private TestServer server;
  private Path proc;

  @BeforeEach
  void start() throws Exception {
    proc = Files.createDirectories(dir.resolve("proc"));
    Files.createDirectories(dir.resolve("logs"));
    supervisor = Fixture.standard(launcher, dir.resolve("logs"));
    server = new TestServer(routes -> WebApp.registerCharts(routes, supervisor, time, proc));
    supervisor.startAsync();
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    launcher.close();
  }

  @Test
  void stats_liveProcess_hasPidAndMemory_cpuNullInTheFirstSample() throws Exception {
    int pid = supervisor.snapshot().process(SLEEPER).orElseThrow().pid();
    Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(d.resolve("stat"), pid + " (sleep) S 1 1 1 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 1 1 1\n");
    Files.writeString(d.resolve("status"), "VmRSS:\t  512 kB\n");
    var r = server.get("/program/stats");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("interval").asInt()).isEqualTo(5);
    JsonNode point = body.get("rounds").get(0).get("p").get("sleeper");
    assertThat(point.get(0).asInt()).isEqualTo(pid);
    assertThat(point.get(1).isNull()).isTrue();
    assertThat(point.get(2).asLong()).isEqualTo(512 * 1024L);
    assertThat(body.get("rounds").get(0).get("p").has("idle")).isFalse();
  }

  @Test
  void stats_badSince_isAFault() throws Exception {
    var r = server.get("/program/stats?since=yesterday");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("fault").asText()).isEqualTo("BAD_ARGUMENTS");
  }

  @Test
  void timeline_showsTheStateChangesOfOneProcess() throws Exception {
    supervisor.stop(SLEEPER, true).get(10, TimeUnit.SECONDS);
    JsonNode body = JSON.readTree(server.get("/program/timeline/sleeper").body());
    assertThat(body.get("namespec").asText()).isEqualTo("sleeper");
    StringBuilder path = new StringBuilder();
    body.get("changes").forEach(c -> path.append(c.get("from").asText()).append('>').append(c.get("to").asText()).append(' '));
    assertThat(path.toString().trim()).isEqualTo("STOPPED>STARTING STARTING>RUNNING RUNNING>STOPPING STOPPING>STOPPED");
  }

  @Test
  void timeline_unknownProcess_is404BadName() throws Exception {
    var r = server.get("/program/timeline/nosuch");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("fault").asText()).isEqualTo("BAD_NAME");
  }
}
