package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.HealthSpec;
import dev.jsupervisor.core.ProbeSpec;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.RestartBackoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The health keys of issue 15: probes, backoff, limits, exit policy, depends_on conditions, Go's liveness_check_*. */
final class HealthReaderTest {
  private static final String SUFFIX = " in section 'program:a' (file: 'c.conf')";

  @TempDir Path cwd;

  private ProcessSpec program(String keys) throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[program:db]\ncommand=/bin/cat\n[program:a]\ncommand=/bin/cat\n" + keys);
    return Fixtures.loader(cwd).read(Path.of("c.conf")).groups().stream()
        .filter(g -> g.name().equals("a")).findFirst().orElseThrow().processes().get(0);
  }

  @Test
  void noHealthKeys_isSupervisordsBehaviour() throws Exception {
    assertThat(program("").health()).isEqualTo(HealthSpec.NONE);
  }

  @Test
  void httpReadiness_withEveryTuningKey() throws Exception {
    HealthSpec h = program("readiness_probe = http://127.0.0.1:8080/healthz?full=1\nreadiness_http_status = 200-204\n"
        + "readiness_http_body = ok\nreadiness_initial_delay = 0.5\nreadiness_period = 2\nreadiness_timeout = 1.5\n"
        + "readiness_success_threshold = 2\nreadiness_failure_threshold = 5\n").health();
    assertThat(h.readiness()).contains(new ProbeSpec(
        new ProbeSpec.Http("127.0.0.1", 8080, "/healthz?full=1", 200, 204, Optional.of("ok")),
        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(1500), 2, 5));
    assertThat(h.liveness()).isEmpty();
  }

  @Test
  void probeKinds() throws Exception {
    assertThat(program("readiness_probe = command: pg_isready -q\n").health().readiness().orElseThrow().check())
        .isEqualTo(new ProbeSpec.Command("pg_isready -q"));
    assertThat(program("liveness_probe = tcp:localhost:5432\n").health().liveness().orElseThrow())
        .isEqualTo(ProbeSpec.of(new ProbeSpec.Tcp("localhost", 5432)));
    assertThat(program("readiness_probe = output: ready to accept connections\n").health().readiness().orElseThrow()
        .check().describe()).isEqualTo("output /ready to accept connections/");
    assertThat(program("readiness_probe = https://db.internal/healthz\n").health().readiness().orElseThrow().check())
        .isEqualTo(new ProbeSpec.Http("db.internal", 443, "/healthz", 200, 399, Optional.empty(), ProbeSpec.Tls.VERIFY));
    assertThat(program("liveness_probe = https://127.0.0.1:8443/\nliveness_tls_verify = false\n").health().liveness()
        .orElseThrow().check()).isEqualTo(
            new ProbeSpec.Http("127.0.0.1", 8443, "/", 200, 399, Optional.empty(), ProbeSpec.Tls.NO_VERIFY));
    assertThat(program("readiness_probe = Notify\nreadiness_failure_threshold = 6\n").health().readiness())
        .contains(new ProbeSpec(new ProbeSpec.Notify(), Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1),
            1, 6));
    assertThat(program("environment = NOTIFY_SOCKET=/run/x\n").environment())
        .as("without a notify probe the user's NOTIFY_SOCKET is kept").containsEntry("NOTIFY_SOCKET", "/run/x");
  }

  @Test
  void goLivenessCheckKeys_becomeTheLivenessProbe() throws Exception {
    HealthSpec h = program("liveness_check_script = tcp://127.0.0.1:9000\nliveness_check_period = 5\n"
        + "liveness_check_failure_action = restart\n").health();
    assertThat(h.liveness()).contains(new ProbeSpec(new ProbeSpec.Tcp("127.0.0.1", 9000), Duration.ofSeconds(60),
        Duration.ofSeconds(5), Duration.ofSeconds(30), 1, 3));
    assertThat(program("liveness_check_script = /usr/bin/check --quick\n").health().liveness().orElseThrow().check())
        .isEqualTo(new ProbeSpec.Command("/usr/bin/check --quick"));
  }

  @Test
  void restartPolicyKeys() throws Exception {
    HealthSpec h = program("restart_backoff = exponential\nrestart_backoff_initial = 2\nrestart_backoff_max = 120\n"
        + "restart_backoff_jitter = 0.3\nrestart_backoff_reset_after = 300\nrestart_limit_burst = 5\n"
        + "restart_limit_interval = 60\nfatal_retry_after = 600\n").health();
    assertThat(h.backoff()).isEqualTo(RestartBackoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(120), 0.3,
        Duration.ofSeconds(300)));
    assertThat(h.restartLimit()).isEqualTo(new HealthSpec.RestartLimit(5, Duration.ofSeconds(60)));
    assertThat(h.fatalRetryAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(program("restart_backoff = exponential\n").health().backoff()).isEqualTo(
        RestartBackoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2, Duration.ofSeconds(60)));
  }

  @Test
  void exitPolicyKeys() throws Exception {
    assertThat(program("exit_daemon_on = any\nexit_daemon_code = 7\n").health().exitPolicy())
        .isEqualTo(new HealthSpec.ExitPolicy(HealthSpec.ExitWhen.ANY, OptionalInt.of(7)));
    assertThat(program("exit_daemon_on = fatal\n").health().exitPolicy())
        .isEqualTo(new HealthSpec.ExitPolicy(HealthSpec.ExitWhen.FATAL, OptionalInt.empty()));
  }

  @Test
  void dependsOnConditions_namesStayTheSeedsList() throws Exception {
    ProcessSpec p = program("depends_on = db:healthy\n");
    assertThat(p.dependsOn()).isEqualTo(List.of("db"));
    assertThat(p.health().dependsOnConditions()).isEqualTo(Map.of("db", HealthSpec.DependsCondition.HEALTHY));
    assertThat(program("depends_on = db\n").health()).isEqualTo(HealthSpec.NONE);
  }

  @Test
  void dependsOnCondition_unknownProgramStaysAConfigError() {
    assertThatThrownBy(() -> program("depends_on = nosuch:healthy\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("[program:a] depends_on names unknown program nosuch");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("readiness_probe = ftp://x\n", "readiness_probe 'ftp://x' is not a probe (use command:CMD, "
            + "tcp:HOST:PORT, http[s]://HOST:PORT/PATH, output:REGEX or notify)"),
        Arguments.of("readiness_probe = tcp:host:99999\n", "readiness_probe 'tcp:host:99999' has a bad port '99999'"),
        Arguments.of("readiness_probe = http://x/\nreadiness_tls_verify = false\n",
            "readiness_tls_verify is only for https:// probes, but readiness_probe is 'http://x/'"),
        Arguments.of("readiness_probe = tcp:x:1\nreadiness_tls_verify = false\n",
            "readiness_tls_verify is only for https:// probes, but readiness_probe is 'tcp:x:1'"),
        Arguments.of("readiness_tls_verify = false\n", "readiness_tls_verify is set but readiness_probe is not"),
        Arguments.of("readiness_probe = output: [a\n", "readiness_probe 'output: [a' is not a valid regex: Unclosed character class"),
        Arguments.of("readiness_period = 5\n", "readiness_period is set but readiness_probe is not"),
        Arguments.of("readiness_probe = tcp:h:1\nreadiness_timeout = 0\n", "readiness_timeout '0' is not a number of seconds > 0"),
        Arguments.of("readiness_probe = tcp:h:1\nreadiness_http_status = 200\n",
            "readiness_http_status is only for http:// probes, but readiness_probe is 'tcp:h:1'"),
        Arguments.of("readiness_probe = http://h/\nreadiness_http_status = 99-700\n",
            "readiness_http_status '99-700' is not a status or range such as 200-399"),
        Arguments.of("liveness_probe = tcp:h:1\nliveness_failure_threshold = 0\n", "liveness_failure_threshold 0 must be at least 1"),
        Arguments.of("liveness_probe = output: x\n",
            "liveness_probe cannot be an output: probe (output probes are for readiness only)"),
        Arguments.of("liveness_probe = notify\n",
            "liveness_probe cannot be notify (sd_notify READY=1 is a readiness probe only)"),
        Arguments.of("readiness_probe = notify\nenvironment = NOTIFY_SOCKET=/run/x\n",
            "readiness_probe = notify gives the program its own NOTIFY_SOCKET, but its environment sets "
                + "NOTIFY_SOCKET='/run/x' too (remove one of them)"),
        Arguments.of("liveness_check_script = x\nliveness_check_failure_action = stop\n",
            "liveness_check_failure_action 'stop' is not supported (only restart)"),
        Arguments.of("liveness_check_script = x\nliveness_probe = tcp:h:1\n",
            "liveness_check_script and liveness_probe cannot both be set"),
        Arguments.of("restart_backoff = fibonacci\n", "restart_backoff 'fibonacci' is not linear or exponential"),
        Arguments.of("restart_backoff_max = 5\n", "restart_backoff_max is set but restart_backoff is not exponential"),
        Arguments.of("restart_backoff = exponential\nrestart_backoff_jitter = 2\n",
            "restart_backoff_jitter '2' is not a fraction between 0 and 1"),
        Arguments.of("restart_limit_burst = -1\n", "restart_limit_burst '-1' is not an integer >= 0"),
        Arguments.of("exit_daemon_on = sometimes\n", "exit_daemon_on 'sometimes' is not one of never, fatal, unexpected, any"),
        Arguments.of("exit_daemon_on = any\nexit_daemon_code = 300\n", "exit_daemon_code '300' is not an exit status 0-255"),
        Arguments.of("exit_daemon_code = 1\n", "exit_daemon_code is set but exit_daemon_on is not"),
        Arguments.of("depends_on = db:ready\n",
            "depends_on condition 'ready' of 'db' is not one of started, running, healthy, completed_successfully"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void badValue_clearErrorNamingSectionKeyAndValue(String keys, String expected) {
    assertThatThrownBy(() -> program(keys)).isInstanceOf(ConfigException.class).hasMessage(expected + SUFFIX);
  }
}
