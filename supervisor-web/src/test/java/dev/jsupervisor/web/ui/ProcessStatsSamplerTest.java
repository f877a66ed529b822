package dev.jsupervisor.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.SupervisorState;
import dev.jsupervisor.core.TimeSource;
import dev.jsupervisor.web.metrics.ProcStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProcessStatsSamplerTest {
  @TempDir Path proc;
  private final ManualTime time = new ManualTime(Long.MAX_VALUE - Duration.ofSeconds(60).toNanos());
  private final List<ProcessInfo> processes = new ArrayList<>();
  private ProcessStatsSampler sampler;

  @BeforeEach
  void setUp() {
    sampler = new ProcessStatsSampler(
        () -> new SupervisorSnapshot(SupervisorState.RUNNING, List.of(), List.copyOf(processes)), new ProcStats(proc), time);
  }

  private void running(String name, int pid, long ticks, long rssKb) throws Exception {
    processes.removeIf(p -> p.name().equals(ProcessName.parse(name)));
    processes.add(new ProcessInfo(ProcessName.parse(name), 0, 0, 0, pid > 0 ? ProcessState.RUNNING : ProcessState.STOPPED,
        "", 0, "", "", pid, 0, 0));
    if (pid > 0) {
      Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)));
      Files.writeString(d.resolve("stat"), pid + " (x) S 1 1 1 0 -1 0 0 0 0 0 " + ticks + " 0 0 0 20 0 1 0 1 1 1\n");
      Files.writeString(d.resolve("status"), "Name:\tx\nVmRSS:\t" + rssKb + " kB\n");
    }
  }

  @Test
  void since_secondSample_givesCpuPercentOverTheGap() throws Exception {
    running("web:api", 42, 100, 2048);
    ProcessStatsSampler.Point first = sampler.since(Long.MIN_VALUE).get(0).points().get("web:api");
    assertThat(first.pid()).isEqualTo(42);
    assertThat(first.cpuPercent()).isNaN();
    assertThat(first.residentBytes()).isEqualTo(2048 * 1024L);

    time.advance(Duration.ofSeconds(5));
    running("web:api", 42, 350, 4096); // 2.5 s of CPU in 5 s
    List<ProcessStatsSampler.Round> rounds = sampler.since(Long.MIN_VALUE);
    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(1).points().get("web:api").cpuPercent()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rounds.get(1).points().get("web:api").residentBytes()).isEqualTo(4096 * 1024L);
  }

  @Test
  void since_withinTheMinimumGap_reusesTheLastSample() throws Exception {
    running("api", 42, 100, 10);
    sampler.since(Long.MIN_VALUE);
    time.advance(ProcessStatsSampler.MIN_GAP.minusMillis(1));
    running("api", 42, 900, 20);
    List<ProcessStatsSampler.Round> rounds = sampler.since(Long.MIN_VALUE);
    assertThat(rounds).hasSize(1);
    assertThat(rounds.get(0).points().get("api").residentBytes()).isEqualTo(10 * 1024L);
  }

  @Test
  void since_newPid_startsItsCpuOver_andStoppedProcessesAreLeftOut() throws Exception {
    running("api", 42, 100, 10);
    running("idle", 0, 0, 0);
    sampler.since(Long.MIN_VALUE);
    time.advance(Duration.ofSeconds(5));
    running("api", 43, 5, 10); // restarted
    ProcessStatsSampler.Round r = sampler.since(Long.MIN_VALUE).get(1);
    assertThat(r.points()).containsOnlyKeys("api");
    assertThat(r.points().get("api").cpuPercent()).isNaN();
  }

  @Test
  void since_returnsOnlyNewerRounds_andKeepsAtMostRounds() throws Exception {
    running("api", 42, 100, 10);
    long firstTime = sampler.since(Long.MIN_VALUE).get(0).epochMillis();
    time.advance(Duration.ofSeconds(5));
    assertThat(sampler.since(firstTime)).hasSize(1).allSatisfy(r -> assertThat(r.epochMillis()).isGreaterThan(firstTime));
    for (int i = 0; i < ProcessStatsSampler.ROUNDS + 10; i++) {
      time.advance(Duration.ofSeconds(5));
      sampler.since(Long.MAX_VALUE);
    }
    assertThat(sampler.since(Long.MIN_VALUE)).hasSize(ProcessStatsSampler.ROUNDS);
  }

  /** Monotonic time the test moves; wall time moves with it from a fixed instant. */
  static final class ManualTime implements TimeSource {
    private final long start;
    private long nanos;

    ManualTime(long start) {
      this.start = start;
      this.nanos = start;
    }

    void advance(Duration d) {
      nanos += d.toNanos();
    }

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public Instant now() {
      return Instant.parse("2026-12-01T10:00:00Z").plusNanos(nanos - start);
    }
  }
}
