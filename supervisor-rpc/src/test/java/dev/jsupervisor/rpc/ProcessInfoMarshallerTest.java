package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** getProcessInfo's struct: supervisord's 14 keys, plus the health extras only for programs with probes. */
final class ProcessInfoMarshallerTest {
  @Test
  void withoutProbes_exactlySupervisordsKeys() {
    ProcessInfo info = new ProcessInfo(ProcessName.of("x"), 100, 0, 105, ProcessState.RUNNING, "", 0, "", "", 42, 0, 0);
    assertThat(ProcessInfoMarshaller.processInfo(info, ZoneOffset.UTC).keySet()).containsExactly("name", "group",
        "start", "stop", "now", "state", "statename", "spawnerr", "exitstatus", "logfile", "stdout_logfile",
        "stderr_logfile", "pid", "description");
  }

  @Test
  void withProbes_healthInTheDescriptionAndTwoExtraFields() {
    ProcessInfo info = new ProcessInfo(ProcessName.of("x"), 100, 0, 105, ProcessState.RUNNING, "", 0, "", "", 42, 1, 0,
        "healthy", 1);
    Map<String, Object> m = ProcessInfoMarshaller.processInfo(info, ZoneOffset.UTC);
    assertThat(m).containsEntry("description", "pid 42, uptime 0:00:05, healthy")
        .containsEntry("health", "healthy").containsEntry("liveness_restarts", 1).hasSize(16);
  }
}
