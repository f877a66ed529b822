package dev.jsupervisor.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProcStatsTest {
  @TempDir Path proc;

  @Test
  void cpuSeconds_commWithSpacesAndParens_readsUtimePlusStime() throws Exception {
    Path d = Files.createDirectories(proc.resolve("42"));
    Files.writeString(d.resolve("stat"),
        "42 (my (odd) prog) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 1 0 123 4096 10 18446744073709551615\n");
    assertThat(new ProcStats(proc).cpuSeconds(42)).hasValue(4.0);
  }

  @Test
  void residentBytes_readsVmRssInKilobytes() throws Exception {
    Path d = Files.createDirectories(proc.resolve("42"));
    Files.writeString(d.resolve("status"), "Name:\tx\nVmPeak:\t 9000 kB\nVmRSS:\t    1234 kB\n");
    assertThat(new ProcStats(proc).residentBytes(42)).hasValue(1234 * 1024L);
  }

  @Test
  void missingProcess_givesNothing() {
    assertThat(new ProcStats(proc).cpuSeconds(7)).isEmpty();
    assertThat(new ProcStats(proc).residentBytes(7)).isEmpty();
  }

  @Test
  void ownProcess_realProc_hasCpuAndMemory() {
    int self = (int) ProcessHandle.current().pid();
    ProcStats real = new ProcStats(Path.of("/proc"));
    assertThat(real.residentBytes(self).orElseThrow()).isGreaterThan(1024 * 1024);
    assertThat(real.cpuSeconds(self).orElseThrow()).isGreaterThan(0);
  }
}
