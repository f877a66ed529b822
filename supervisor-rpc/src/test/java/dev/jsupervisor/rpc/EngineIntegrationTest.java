package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.Rpc.FaultResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher over a real engine with real short processes.
 */
@Tag("integration")
@Timeout(60)
final class EngineIntegrationTest {
  static final GroupSpec SLEEPER = GroupSpec.single(ProcessSpec.builder("sleeper", "/bin/sleep 30")
      .autostart(false).stopwaitsecs(Duration.ofSeconds(5)).build());
  static final GroupSpec FAILER = GroupSpec.single(ProcessSpec.builder("failer", "/bin/sh -c 'exit 1'")
      .autostart(false).startretries(0).autorestart(RestartPolicy.NEVER).build());

  @TempDir Path tmp;
  Supervisor supervisor;
  FakeDaemon daemon = new FakeDaemon();
  RpcDispatcher dispatcher;

  @BeforeEach
  void start() {
    supervisor = Supervisor.builder().group(SLEEPER).group(FAILER).childLogDir(tmp).identifier("rpctest").build();
    supervisor.startAsync();
    daemon.configured = List.of(SLEEPER, FAILER);
    dispatcher = new RpcDispatcher(supervisor, daemon, 1 << 20, Duration.ofSeconds(30), ZoneOffset.UTC, Runnable::run);
  }

  @AfterEach
  void stop() throws Exception {
    if (supervisor != null) {
      supervisor.stopAsync();
      supervisor.awaitTerminated(Duration.ofSeconds(20));
    }
  }

  Object call(String method, Object... params) throws Exception {
    return Rpc.decode(dispatcher.dispatch(Rpc.call(method, params)).get(30, TimeUnit.SECONDS));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> info(String name) throws Exception {
    return (Map<String, Object>) call("supervisor.getProcessInfo", name);
  }

  @Test
  void lifecycle_overRpc_structuresAndFaultsAsSupervisord() throws Exception {
    assertThat(call("supervisor.getState")).isEqualTo(Map.of("statecode", 1, "statename", "RUNNING"));
    assertThat(info("sleeper")).containsEntry("statename", "STOPPED").containsEntry("description", "Not started")
        .containsEntry("pid", 0).containsEntry("start", 0);

    assertThat(call("supervisor.startProcess", "sleeper", true)).isEqualTo(true);
    Map<String, Object> running = info("sleeper");
    assertThat(running).containsEntry("state", 20).containsEntry("statename", "RUNNING").containsEntry("group", "sleeper");
    assertThat((Integer) running.get("pid")).isPositive();
    assertThat((String) running.get("description")).startsWith("pid " + running.get("pid") + ", uptime 0:00:0");
    assertThat((String) running.get("stdout_logfile")).startsWith(tmp.toString()).isEqualTo(running.get("logfile"));

    assertThat(call("supervisor.startProcess", "sleeper")).isEqualTo(new FaultResponse(60, "ALREADY_STARTED: sleeper"));
    assertThat(call("supervisor.signalProcess", "sleeper", "CONT")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "sleeper", "NOPE")).isEqualTo(new FaultResponse(11, "BAD_SIGNAL: NOPE"));
    assertThat(call("supervisor.sendProcessStdin", "sleeper", "hello\n")).isEqualTo(true);
    assertThat(call("supervisor.readProcessStdoutLog", "sleeper", 0, 0)).isEqualTo("");
    assertThat(call("supervisor.tailProcessStdoutLog", "sleeper", 0, 100)).isEqualTo(List.of("", 0, false));
    assertThat(call("supervisor.clearProcessLogs", "sleeper")).isEqualTo(true);

    assertThat(call("supervisor.stopProcess", "sleeper", true)).isEqualTo(true);
    assertThat(info("sleeper")).containsEntry("statename", "STOPPED").containsEntry("pid", 0);
    assertThat(call("supervisor.stopProcess", "sleeper")).isEqualTo(new FaultResponse(70, "NOT_RUNNING: sleeper"));
    assertThat(call("supervisor.signalProcess", "sleeper", "HUP")).isEqualTo(new FaultResponse(70, "NOT_RUNNING: sleeper"));
  }

  @Test
  void failingProcess_waitedStart_spawnError() throws Exception {
    assertThat(call("supervisor.startProcess", "failer", true)).isEqualTo(new FaultResponse(50, "SPAWN_ERROR: failer"));
    assertThat((String) info("failer").get("statename")).isIn("BACKOFF", "FATAL");
  }

  @Test
  void groupsAndAll_resultStructs_andGroupAdministration() throws Exception {
    assertThat(call("supervisor.startProcessGroup", "sleeper")).isEqualTo(List.of(
        Map.of("name", "sleeper", "group", "sleeper", "status", 80, "description", "OK")));
    assertThat(call("supervisor.startProcess", "sleeper:*")).isEqualTo(List.of());
    assertThat(call("supervisor.signalAllProcesses", "CONT")).isEqualTo(List.of(
        Map.of("name", "sleeper", "group", "sleeper", "status", 80, "description", "OK")));
    assertThat(call("supervisor.removeProcessGroup", "sleeper")).isEqualTo(new FaultResponse(91, "STILL_RUNNING: sleeper"));
    assertThat(call("supervisor.stopAllProcesses")).isEqualTo(List.of(
        Map.of("name", "sleeper", "group", "sleeper", "status", 80, "description", "OK")));
    assertThat(call("supervisor.removeProcessGroup", "sleeper")).isEqualTo(true);
    assertThat(call("supervisor.reloadConfig")).isEqualTo(List.of(List.of(List.of("sleeper"), List.of(), List.of())));
    assertThat(Rpc.field(call("supervisor.getAllConfigInfo"), "inuse")).containsExactly(true, false); // failer active, sleeper removed
    assertThat(call("supervisor.addProcessGroup", "sleeper")).isEqualTo(true);
    assertThat(call("supervisor.addProcessGroup", "sleeper")).isEqualTo(new FaultResponse(90, "ALREADY_ADDED: sleeper"));
    assertThat(Rpc.field(call("supervisor.getAllProcessInfo"), "name")).containsExactly("failer", "sleeper");
    assertThat(Rpc.list(call("supervisor.clearAllProcessLogs"))).hasSize(2);
  }
}
