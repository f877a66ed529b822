package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import dev.jsupervisor.core.spi.SplicingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which channel sinks the engine hands a launcher can take spliced bytes: only a channel whose
 * log is its one consumer (plain, one file); every tap or filter in front of it hides it.
 */
final class SpliceEligibilityTest {
  @TempDir Path dir;

  private static boolean spliceable(OutputSink sink) {
    return sink instanceof SplicingSink s && s.takesSplicedBytes();
  }

  private LogSpec file(String name, long captureMaxbytes, boolean events) {
    return new LogSpec(List.of(new LogTarget.File(dir.resolve(name))), 0, 0, captureMaxbytes, events, false);
  }

  private LaunchRequest launched(UnaryOperator<ProcessSpec.Builder> config) {
    ProcessSpec.Builder b = ProcessSpec.builder("worker", "/bin/cat").startsecs(Duration.ZERO)
        .stdout(file("out.log", 0, false)).stderr(file("err.log", 0, false));
    Harness h = new Harness(GroupSpec.single(config.apply(b).build())).start();
    return h.launcher.requests().get(0);
  }

  @Test
  void plainLogsWithOneFile_areSpliceable_onBothChannels() {
    LaunchRequest r = launched(b -> b);
    assertThat(spliceable(r.stdout())).isTrue();
    assertThat(spliceable(r.stderr())).isTrue();
  }

  @Test
  void eachTapOrFilterInFrontOfTheLog_hidesIt() {
    assertThat(spliceable(launched(b -> b.stdout(file("out.log", 0, true))).stdout())).as("events").isFalse();
    assertThat(spliceable(launched(b -> b.stdout(file("out.log", 4096, false))).stdout())).as("capture").isFalse();
    assertThat(spliceable(launched(b -> b.logFormat(new LogFormatSpec(true, LogFormatSpec.Format.RAW, "", 1024, "",
        false))).stdout())).as("strip_ansi").isFalse();
    assertThat(spliceable(launched(b -> b.logFormat(new LogFormatSpec(false, LogFormatSpec.Format.TIMESTAMPED, "",
        1024, "", false))).stdout())).as("timestamped").isFalse();
    assertThat(spliceable(launched(b -> b.stdout(new LogSpec(List.of(new LogTarget.File(dir.resolve("a.log")),
        new LogTarget.Stdout()), 0, 0, 0, false, false))).stdout())).as("a second target").isFalse();
    assertThat(spliceable(launched(b -> b.stdout(new LogSpec(List.of(new LogTarget.File(dir.resolve("a.log"))),
        0, 0, 0, false, true))).stdout())).as("syslog").isFalse();
    // the other channel keeps its own answer
    assertThat(spliceable(launched(b -> b.stdout(file("out.log", 0, true))).stderr())).isTrue();
  }

  @Test
  void anEventListenersStdout_isItsProtocol_neverSpliced() {
    ProcessSpec listener = Harness.spec("l0").program("listener").startsecs(Duration.ofSeconds(1))
        .stdout(file("l0.log", 0, false)).build();
    Harness h = new Harness(new GroupSpec("listener", -1, List.of(listener),
        Optional.of(new ListenerPoolSpec(EnumSet.of(EventType.TICK), 10)))).start();
    assertThat(spliceable(h.launcher.requests().get(0).stdout())).isFalse();
  }
}
