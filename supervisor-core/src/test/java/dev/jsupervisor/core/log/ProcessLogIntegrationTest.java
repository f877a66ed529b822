package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.os.posix.PosixProcessLauncher;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
final class ProcessLogIntegrationTest {
  private static final int LINES = 12_500_000; // `seq 1 12500000` is 101,388,897 bytes: 9 rotated files and the current one

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void hundredMegabytes_throughRotatingLog_arriveByteIdentical(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("seq.log");
    LogSpec spec = new LogSpec(List.of(new LogTarget.File(f)), 10L * 1024 * 1024, 20, 0, false, false);
    CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    try (PosixProcessLauncher launcher = PosixProcessLauncher.create();
        ProcessLog log = ProcessLog.open("seq stdout", spec)) {
      LaunchRequest r = new LaunchRequest("seq", List.of("/usr/bin/seq", "1", String.valueOf(LINES)),
          Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), false, log, OutputSink.DISCARD);
      launcher.launch(r, exit::complete);
      assertThat(exit.get(100, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
      assertThat(log.lastError()).isEmpty();
    }
    assertThat(dir.resolve("seq.log.10")).doesNotExist();
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    long total = 0;
    for (int k = 9; k >= 0; k--) {
      Path part = k == 0 ? f : dir.resolve("seq.log." + k);
      if (k > 0) {
        assertThat(Files.size(part)).isBetween(10L * 1024 * 1024, 10L * 1024 * 1024 + 128 * 1024);
      }
      try (InputStream in = Files.newInputStream(part)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          got.update(buf, 0, n);
          total += n;
        }
      }
    }
    MessageDigest want = MessageDigest.getInstance("SHA-256");
    StringBuilder sb = new StringBuilder();
    long expected = 0;
    for (int i = 1; i <= LINES; i++) {
      sb.append(i).append('\n');
      if (sb.length() > 60_000 || i == LINES) {
        byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
        want.update(b);
        expected += b.length;
        sb.setLength(0);
      }
    }
    assertThat(total).isEqualTo(expected);
    assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(want.digest()));
  }
}
