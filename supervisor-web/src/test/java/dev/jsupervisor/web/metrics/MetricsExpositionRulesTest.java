package dev.jsupervisor.web.metrics;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.web.rest.SupervisorResource;
import dev.jsupervisor.web.testing.Fixture;
import dev.jsupervisor.web.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} keeps Prometheus' exposition rules ({@link PromLint}, always) and passes {@code
 * promtool check metrics} (where promtool is installed), after the engine went through restarts,
 * stops and failed starts so that every per-process family is present; plus the info metric, the
 * state-name label and the restart causes.
 */
@Timeout(60)
final class MetricsExpositionRulesTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir Path dir;
  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private final AtomicReference<String> identifier = new AtomicReference<>("box-1");
  private Supervisor supervisor;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    supervisor = Fixture.standard(launcher, dir);
    server = new TestServer(routes -> routes.get("/metrics", PrometheusResource.create(supervisor, identifier::get)));
    supervisor.startAsync();
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
    launcher.last("sleeper").exit(1); // a crash: autorestart=unexpected restarts it
    Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> supervisor.snapshot().process(SLEEPER).orElseThrow().crashRestarts() == 1
            && supervisor.snapshot().process(SLEEPER).orElseThrow().state() == ProcessState.RUNNING);
    supervisor.stop(SLEEPER, true).get(10, TimeUnit.SECONDS);
    supervisor.start(SLEEPER, true).get(10, TimeUnit.SECONDS); // a start request
    supervisor.start(ProcessName.of("broken"), true).handle((v, e) -> null).get(10, TimeUnit.SECONDS); // FATAL
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    launcher.close();
  }

  private String scrape() {
    var r = server.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void scrape_keepsTheExpositionRules() {
    String text = scrape();
    assertThat(text).contains("supervisor_process_state_transitions_total{");
    assertThat(PromLint.problems(text)).isEmpty();
  }

  @Test
  void scrape_passesPromtoolWhereInstalled() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (PromLint covers its rules)");
    String text = scrape();
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void info_carriesVersionApiLevelAndIdentifier_andFollowsARename() {
    Exposition m = Exposition.parse(scrape());
    assertThat(m.types).containsEntry("supervisor_info", "gauge");
    assertThat(m.value("supervisor_info", "version", SupervisorResource.VERSION, "api_version", "3.0",
        "identifier", "box-1")).hasValue(1.0);
    identifier.set("box-2"); // a reload with another identifier
    Exposition again = Exposition.parse(scrape());
    assertThat(again.samples.stream().filter(s -> s.name().equals("supervisor_info"))).hasSize(1);
    assertThat(again.value("supervisor_info", "identifier", "box-2")).hasValue(1.0);
  }

  @Test
  void processState_isOneSeriesLabelledWithTheStateName() throws Exception {
    Exposition m = Exposition.parse(scrape());
    assertThat(m.value("supervisor_process_state", "name", "sleeper", "state", "RUNNING")).hasValue(1.0);
    assertThat(m.value("supervisor_process_state", "name", "broken", "state", "FATAL")).hasValue(1.0);
    assertThat(m.value("supervisor_process_state", "name", "idle", "state", "STOPPED")).hasValue(1.0);
    supervisor.stop(SLEEPER, true).get(10, TimeUnit.SECONDS);
    List<Exposition.Sample> sleeper = Exposition.parse(scrape()).samples.stream()
        .filter(s -> s.name().equals("supervisor_process_state") && "sleeper".equals(s.labels().get("name")))
        .toList();
    assertThat(sleeper).hasSize(1);
    assertThat(sleeper.get(0).labels()).containsEntry("state", "STOPPED");
  }

  @Test
  void restarts_crashesAndStartRequestsAreCountedApart() {
    Exposition m = Exposition.parse(scrape());
    String[] l = {"name", "sleeper", "group", "sleeper"};
    assertThat(m.types).containsEntry("supervisor_process_crash_restarts_total", "counter")
        .containsEntry("supervisor_process_start_requests_total", "counter");
    assertThat(m.value("supervisor_process_restarts_total", l)).hasValue(2.0);
    assertThat(m.value("supervisor_process_crash_restarts_total", l)).hasValue(1.0);
    assertThat(m.value("supervisor_process_start_requests_total", l)).hasValue(1.0);
  }

  @Test
  void examplesMonitoring_usesOnlyMetricsWeServe() throws Exception {
    Path monitoring = Path.of("..", "examples", "monitoring");
    Exposition m = Exposition.parse(scrape());
    java.util.Set<String> used = new java.util.TreeSet<>();
    for (String file : new String[] {"grafana-dashboard.json", "alerts.yml"}) {
      java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(?:supervisor|node_supervisord)_[a-z_]+")
          .matcher(Files.readString(monitoring.resolve(file)));
      while (names.find()) {
        used.add(names.group());
      }
    }
    assertThat(used).contains("supervisor_process_crash_restarts_total", "supervisor_process_state");
    java.util.Set<String> served = new java.util.HashSet<>(m.types.keySet());
    served.add("supervisor_process_resident_memory_bytes"); // only while a real pid exists (fake children here)
    served.add("supervisor_process_cpu_seconds_total");
    assertThat(served).containsAll(used);
  }

  @Test
  void promLint_catchesEachRule() {
    assertThat(PromLint.problems("# HELP a_total  \n# TYPE a_total counter\na_total 1\n"))
        .containsExactly("a_total: no help text");
    assertThat(PromLint.problems("# HELP requests x\n# TYPE requests counter\nrequests 1\n"))
        .containsExactly("requests: counter metrics should have \"_total\" suffix");
    assertThat(PromLint.problems("# HELP c_total x\n# TYPE c_total gauge\nc_total 1\n"))
        .containsExactly("c_total: non-counter metrics should not have \"_total\" suffix");
    assertThat(PromLint.problems("# HELP system_cpu_count x\n# TYPE system_cpu_count gauge\nsystem_cpu_count 2\n"))
        .containsExactly("system_cpu_count: non-histogram and non-summary metrics should not have \"_count\" suffix");
    assertThat(PromLint.problems("# HELP cpu_time_ns_total x\n# TYPE cpu_time_ns_total counter\ncpu_time_ns_total 2\n"))
        .containsExactly("cpu_time_ns_total: metric names should not contain abbreviated units");
    assertThat(PromLint.problems("# HELP wait_milliseconds x\n# TYPE wait_milliseconds gauge\nwait_milliseconds 2\n"))
        .containsExactly("wait_milliseconds: use base unit \"seconds\" instead of \"milliseconds\"");
    assertThat(PromLint.problems("# HELP e x\n# TYPE e gauge\ne{le=\"1\",fooBar=\"x\"} 2\n"))
        .containsExactly("e: non-histogram metrics should not have \"le\" label",
            "e: label names should be written in 'snake_case' not 'camelCase' (fooBar)");
    assertThat(PromLint.problems("f 1\n")).containsExactly("f: sample without a TYPE");
    assertThat(PromLint.problems("# HELP g_seconds x\n# TYPE g_seconds summary\ng_seconds_count 1\ng_seconds_sum 2\n"))
        .isEmpty();
  }
}
