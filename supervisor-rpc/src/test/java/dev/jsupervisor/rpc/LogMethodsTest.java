package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readLog and tailLog offsets as supervisord computes them, through handle(bytes) and the core's LogFiles. */
final class LogMethodsTest {
  RpcHarness h;
  @TempDir Path tmp;
  String content;

  @BeforeEach
  void writeLogs() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 357; i++) {
      sb.append("line ").append(i).append('\n');
    }
    content = sb.substring(0, 357);
    Path log = tmp.resolve("web.log");
    Files.writeString(log, content);
    h = new RpcHarness(GroupSpec.single(RpcHarness.spec("web")
        .stdout(new LogSpec(List.of(new LogTarget.File(log)), 0, 0, 0, false, false)).build()));
    h.daemon.mainLog = tmp.resolve("supervisord.log");
    Files.writeString(h.daemon.mainLog, "2026-01-01 INFO started\r\nsnow \u2603\n");
  }

  Object call(String method, Object... params) throws Exception {
    return h.call(method, params);
  }

  @Test
  void readProcessStdoutLog_offsetsAndLengths_asReadFile() throws Exception {
    assertThat(call("supervisor.readProcessStdoutLog", "web", 0, 0)).isEqualTo(content);
    assertThat(call("supervisor.readProcessStdoutLog", "web", 5, 3)).isEqualTo(content.substring(5, 8));
    assertThat(call("supervisor.readProcessLog", "web", -10, 0)).isEqualTo(content.substring(347));
    assertThat(call("supervisor.readProcessStdoutLog", "web", -1000, 0)).isEqualTo(content);
    assertThat(call("supervisor.readProcessStdoutLog", "web", 1000, 0)).isEqualTo("");
  }

  @Test
  void tailProcessStdoutLog_observedSupervisordExamples() throws Exception {
    assertThat(call("supervisor.tailProcessStdoutLog", "web", 0, 50)).isEqualTo(List.of(content.substring(307), 357, true));
    assertThat(call("supervisor.tailProcessStdoutLog", "web", 10_000_000, 50)).isEqualTo(List.of("", 357, false));
    assertThat(call("supervisor.tailProcessLog", "web", 300, 100)).isEqualTo(List.of(content.substring(257), 357, false));
  }

  @Test
  void readLog_mainLog_utf8AndCarriageReturnsPreserved() throws Exception {
    assertThat(call("supervisor.readLog", 0, 0)).isEqualTo("2026-01-01 INFO started\r\nsnow \u2603\n");
    assertThat(call("supervisor.readMainLog", -4, 0)).isEqualTo("\u2603\n"); // the last 4 bytes
    assertThat(call("supervisor.readMainLog", -3, 0)).isEqualTo("\uFFFD\uFFFD\n"); // a cut sequence
  }
}
