package dev.jsupervisor.web.metrics;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static dev.jsupervisor.web.testing.Fixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.HealthSpec;
import dev.jsupervisor.core.ProbeSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.web.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /metrics for programs with real command liveness probes: one passing, one failing (and restarted). */
@Tag("integration")
@Timeout(60)
final class HealthMetricsTest {
  @TempDir Path dir;
  private Supervisor supervisor;
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    }
  }

  private static GroupSpec probed(String name, String check) {
    ProbeSpec live = new ProbeSpec(new ProbeSpec.Command(check), Duration.ZERO, Duration.ofMillis(300),
        Duration.ofSeconds(10), 1, 1);
    return GroupSpec.single(spec(name, "/bin/sleep 30", true).toBuilder().startsecs(Duration.ZERO)
        .stopwaitsecs(Duration.ofSeconds(2)).health(HealthSpec.NONE.withLiveness(live)).build());
  }

  @Test
  void livenessProbes_healthyGaugeAndRestartCounter() {
    supervisor = Supervisor.builder().childLogDir(dir).group(probed("good", "true"))
        .group(probed("bad", "exit 1")).group(GroupSpec.single(spec("plain", "/bin/sleep 30", true))).build();
    server = new TestServer(routes -> routes.get("/metrics", PrometheusResource.create(supervisor)));
    supervisor.startAsync();
    awaitState(supervisor, ProcessName.of("good"), ProcessState.RUNNING);
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Exposition m = Exposition.parse(server.get("/metrics").body());
      assertThat(m.value("supervisor_process_healthy", "name", "good", "group", "good")).hasValue(1.0);
      assertThat(m.value("supervisor_process_liveness_restarts_total", "name", "bad", "group", "bad").orElseThrow())
          .isGreaterThanOrEqualTo(1.0);
      assertThat(m.value("supervisor_process_healthy", "name", "plain", "group", "plain")).isEmpty();
    });
    assertThat(supervisor.snapshot().process(ProcessName.of("good")).orElseThrow().description()).endsWith(", healthy");
  }
}
