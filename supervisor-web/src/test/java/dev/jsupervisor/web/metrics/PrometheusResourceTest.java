package dev.jsupervisor.web.metrics;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static dev.jsupervisor.web.testing.Fixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.web.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /metrics after real state changes of real processes. */
@Tag("integration")
@Timeout(60)
final class PrometheusResourceTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");
  private static final ProcessName FAILER = ProcessName.of("failer");

  @TempDir Path dir;
  private Supervisor supervisor;
  private TestServer server;

  @BeforeEach
  void start() {
    supervisor = Supervisor.builder()
        .childLogDir(dir)
        .group(GroupSpec.single(spec("sleeper", "/bin/sh -c 'echo hello; exec /bin/sleep 30'", true)))
        .group(GroupSpec.single(spec("failer", "/bin/sh -c 'exit 3'", false).toBuilder()
            .autorestart(RestartPolicy.NEVER).build()))
        .build();
    server = new TestServer(routes -> routes.get("/metrics", PrometheusResource.create(supervisor)));
    supervisor.startAsync();
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    }
  }

  private Exposition scrape() {
    var r = server.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    return Exposition.parse(r.body());
  }

  @Test
  void running_goPortGaugesAndProcessStats() {
    ProcessInfo info = supervisor.snapshot().process(SLEEPER).orElseThrow();
    Exposition m = scrape();
    String[] l = {"name", "sleeper", "group", "sleeper"};
    assertThat(m.types).containsEntry("node_supervisord_up", "gauge").containsEntry("node_supervisord_state", "gauge")
        .containsEntry("node_supervisord_exit_status", "gauge").containsEntry("node_supervisord_start_time_seconds", "gauge")
        .containsEntry("supervisor_process_restarts_total", "counter");
    assertThat(m.value("node_supervisord_up", l)).hasValue(1.0);
    assertThat(m.value("node_supervisord_state", l)).hasValue(20.0);
    assertThat(m.value("node_supervisord_start_time_seconds", l)).hasValue((double) info.start());
    assertThat(m.value("supervisor_process_resident_memory_bytes", l).orElseThrow()).isGreaterThan(0);
    assertThat(m.value("supervisor_process_cpu_seconds_total", l)).isPresent();
    assertThat(m.value("supervisor_process_uptime_seconds", l).orElseThrow()).isGreaterThanOrEqualTo(0);
    assertThat(m.value("supervisor_process_restarts_total", l)).hasValue(0.0);
    assertThat(m.value("node_supervisord_up", "name", "failer", "group", "failer")).hasValue(0.0);
    assertThat(m.value("supervisor_state")).hasValue(1.0);
    assertThat(m.value("supervisor_processes", "state", "RUNNING")).hasValue(1.0);
    assertThat(m.value("jvm_memory_used_bytes")).isPresent();
    assertThat(m.value("jvm_threads_live_threads")).isPresent();
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(scrape().value("supervisor_process_log_bytes_total", "name", "sleeper", "channel", "stdout")).hasValue(6.0));
  }

  @Test
  void stopAndStart_changeGaugesAndCountTransitions() throws Exception {
    supervisor.stop(SLEEPER, true).get(20, TimeUnit.SECONDS);
    Exposition stopped = scrape();
    String[] l = {"name", "sleeper", "group", "sleeper"};
    assertThat(stopped.value("node_supervisord_up", l)).hasValue(0.0);
    assertThat(stopped.value("node_supervisord_state", l)).hasValue(0.0);
    assertThat(stopped.value("node_supervisord_start_time_seconds", l)).isEmpty();
    assertThat(stopped.value("supervisor_process_resident_memory_bytes", l)).isEmpty();
    assertThat(stopped.value("supervisor_process_state_transitions_total",
        "name", "sleeper", "from", "RUNNING", "to", "STOPPING")).hasValue(1.0);
    assertThat(stopped.value("supervisor_process_state_transitions_total",
        "name", "sleeper", "from", "STOPPING", "to", "STOPPED")).hasValue(1.0);

    supervisor.start(SLEEPER, true).get(20, TimeUnit.SECONDS);
    Exposition again = scrape();
    assertThat(again.value("node_supervisord_up", l)).hasValue(1.0);
    assertThat(again.value("supervisor_process_restarts_total", l)).hasValue(1.0);
    assertThat(again.value("supervisor_process_state_transitions_total",
        "name", "sleeper", "from", "STARTING", "to", "RUNNING")).hasValue(2.0);
  }

  @Test
  void exitedProcess_reportsItsExitStatus() throws Exception {
    supervisor.start(FAILER, false).get(20, TimeUnit.SECONDS);
    awaitState(supervisor, FAILER, ProcessState.EXITED);
    Exposition m = scrape();
    assertThat(m.value("node_supervisord_exit_status", "name", "failer", "group", "failer")).hasValue(3.0);
    assertThat(m.value("node_supervisord_state", "name", "failer")).hasValue(100.0);
  }

  @Test
  void exposition_parserRejectsGarbage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exposition.parse("metric{a=\"b\" 1\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Exposition.parse("# TYPE x gauge\nx{a=\"b\"} 1.5\n").value("x", "a", "b").orElseThrow())
        .isCloseTo(1.5, within(1e-9));
  }
}
