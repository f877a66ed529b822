package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.log.ProcessLog;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import dev.jsupervisor.core.spi.SplicingSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real children writing through the I/O thread's splice(2) path (and the read path) into rotating logs. */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class SpliceIntegrationTest {
  private static final int LINES = 3_000_000; // `seq 1 3000000`: 22,888,887 bytes
  private static final long MAXBYTES = 1 << 20;

  @TempDir Path dir;
  private final PosixProcessLauncher launcher = PosixProcessLauncher.create();
  private final List<String> reported = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  /** The log as the launcher sees it, counting how its bytes arrive; {@code splice=false} hides the capability. */
  private static final class Counting implements SplicingSink {
    final ProcessLog log;
    final boolean splice;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger splices = new AtomicInteger();

    Counting(ProcessLog log, boolean splice) {
      this.log = log;
      this.splice = splice;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      writes.incrementAndGet();
      log.write(buf, off, len);
    }

    @Override
    public boolean takesSplicedBytes() {
      return splice && log.takesSplicedBytes();
    }

    @Override
    public long splice(PipeSource from, long max) {
      splices.incrementAndGet();
      return log.splice(from, max);
    }

    @Override
    public void spliceFailed(String reason) {
      log.spliceFailed(reason);
    }
  }

  private ProcessLog open(Path f, long maxbytes, int backups) throws Exception {
    return ProcessLog.open("seq stdout", new LogSpec(List.of(new LogTarget.File(f)), maxbytes, backups, 0, false, false),
        (level, msg) -> reported.add(level + " " + msg));
  }

  private ExitStatus run(OutputSink out, String... argv) throws Exception {
    CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    launcher.launch(new LaunchRequest("seq", List.of(argv), Map.of("PATH", "/usr/bin:/bin"), Optional.empty(),
        Optional.empty(), Optional.empty(), false, out, OutputSink.DISCARD), exit::complete);
    return exit.get(50, TimeUnit.SECONDS);
  }

  private static byte[] seq(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append(i).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "splice={0}")
  @ValueSource(booleans = {true, false})
  void seqThroughARotatingLog_everyByteArrivesInOrder_filesRotatedAtMaxbytes(boolean splice) throws Exception {
    Path f = dir.resolve("seq.log");
    Counting sink;
    try (ProcessLog log = open(f, MAXBYTES, 30)) {
      sink = new Counting(log, splice);
      assertThat(run(sink, "/usr/bin/seq", "1", String.valueOf(LINES))).isEqualTo(new ExitStatus.Exited(0));
      assertThat(log.lastError()).isEmpty();
      assertThat(log.bytesWritten()).isEqualTo(seq(1, LINES).length);
    }
    if (splice) {
      assertThat(sink.writes.get()).as("bytes read into the daemon").isZero();
      assertThat(sink.splices.get()).isPositive();
    } else {
      assertThat(sink.splices.get()).isZero();
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int k = 30;
    while (!Files.exists(dir.resolve("seq.log." + k))) {
      k--;
    }
    long total = seq(1, LINES).length; // in files of at least maxbytes, less than one read more
    assertThat(k).isBetween((int) (total / (MAXBYTES + IoLoop.CHUNK)), (int) (total / MAXBYTES));
    for (; k >= 0; k--) {
      Path part = k == 0 ? f : dir.resolve("seq.log." + k);
      if (k > 0) { // rotated once at least maxbytes long: by less than one read (or splice) more
        assertThat(Files.size(part)).as(part.toString()).isBetween(MAXBYTES, MAXBYTES + IoLoop.CHUNK - 1);
      }
      all.write(Files.readAllBytes(part));
    }
    assertThat(all.toByteArray()).isEqualTo(seq(1, LINES));
    assertThat(reported).isEmpty();
  }

  @Test
  void anExistingFile_getsTheSplicedBytesAfterItsContent() throws Exception {
    Path f = dir.resolve("seq.log");
    Files.writeString(f, "before\n");
    try (ProcessLog log = open(f, 0, 0)) {
      Counting sink = new Counting(log, true);
      run(sink, "/usr/bin/seq", "1", "1000");
      assertThat(sink.writes.get()).isZero();
    }
    assertThat(Files.readAllBytes(f)).isEqualTo(("before\n" + new String(seq(1, 1000), StandardCharsets.US_ASCII))
        .getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void twoLogsOfOneFile_neitherOverwritesTheOther() throws Exception {
    Path f = dir.resolve("shared.log");
    try (ProcessLog a = open(f, 0, 0); ProcessLog b = open(f, 0, 0)) {
      CompletableFuture<ExitStatus> exitA = new CompletableFuture<>();
      CompletableFuture<ExitStatus> exitB = new CompletableFuture<>();
      launcher.launch(new LaunchRequest("a", List.of("/usr/bin/seq", "1", "500000"), Map.of(), Optional.empty(),
          Optional.empty(), Optional.empty(), false, a, OutputSink.DISCARD), exitA::complete);
      launcher.launch(new LaunchRequest("b", List.of("/usr/bin/seq", "1", "500000"), Map.of(), Optional.empty(),
          Optional.empty(), Optional.empty(), false, b, OutputSink.DISCARD), exitB::complete);
      exitA.get(50, TimeUnit.SECONDS);
      exitB.get(50, TimeUnit.SECONDS);
      assertThat(a.lastError()).isEmpty();
      assertThat(b.lastError()).isEmpty();
    }
    assertThat(Files.size(f)).isEqualTo(2L * seq(1, 500_000).length);
  }

  @Test
  void aFileThatRefusesSplice_isWrittenInstead_forGood_aFullDiskAsOnTheReadPath() throws Exception {
    try (ProcessLog log = ProcessLog.open("full stdout", new LogSpec(List.of(new LogTarget.File(Path.of("/dev/full"))),
        0, 0, 0, false, false), (level, msg) -> reported.add(level + " " + msg))) {
      Counting sink = new Counting(log, true);
      assertThat(run(sink, "/usr/bin/printf", "hello")).isEqualTo(new ExitStatus.Exited(0));
      assertThat(sink.splices.get()).isEqualTo(1); // EINVAL: /dev/full has no splice_write
      assertThat(sink.writes.get()).isEqualTo(1);
      assertThat(log.takesSplicedBytes()).isFalse();
      assertThat(log.droppedBytes()).isEqualTo(5);
      assertThat(reported).containsExactly(
          "WARN log of full stdout (/dev/full): splice(2) failed: EINVAL (Invalid argument); writing it from now on",
          "ERRO error writing log of full stdout (/dev/full): No space left on device");
      run(sink, "/usr/bin/printf", "again"); // a later pipe of the same log is read from the start
      assertThat(sink.splices.get()).isEqualTo(1);
      assertThat(log.droppedBytes()).isEqualTo(10);
    }
  }
}
