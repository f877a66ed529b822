package dev.jsupervisor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
final class EmbeddedSupervisorExampleTest {

  @Test
  @Timeout(30)
  void run_startsDatabaseBeforeApi_andStopsBoth() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Supervisor supervisor = EmbeddedSupervisorExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(supervisor.snapshot().processes()).extracting(ProcessInfo::state)
          .containsOnly(ProcessState.RUNNING);
      String out = bytes.toString(StandardCharsets.UTF_8);
      // api depends on database: it is spawned only after database is RUNNING
      assertThat(out.indexOf("database: STARTING -> RUNNING"))
          .isNotNegative()
          .isLessThan(out.indexOf("api: STOPPED -> STARTING"));
      int apiPid = supervisor.snapshot().processes().stream()
          .filter(p -> p.name().name().equals("api")).findFirst().orElseThrow().pid();
      assertThat(ProcessHandle.of(apiPid)).isPresent();
    } finally {
      supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    }
    assertThat(supervisor.snapshot().processes()).extracting(ProcessInfo::state)
        .containsOnly(ProcessState.STOPPED);
  }
}
