package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@link ProcessLogTest} case again with each chunk handed over as the launcher does
 * ({@link Splices}): spliced into a plain log with one file target (rotation, reopen, clear,
 * appending to an existing file), written to every other log. Plus which logs take spliced bytes.
 */
final class ProcessLogSplicedTest extends ProcessLogTest {
  private int spliced;

  @Override
  void write(ProcessLog log, String s) {
    if (Splices.handOver(log, s.getBytes(StandardCharsets.UTF_8))) {
      spliced++;
    }
  }

  private ProcessLog open(LogSpec spec, LogFormatSpec format) throws Exception {
    return ProcessLog.open("a stdout", spec, format, new ProcessLog.Source("a", "a", "stdout"), ActivityLog.NONE,
        dev.jsupervisor.core.SystemTimeSource.INSTANCE);
  }

  private static LogSpec spec(List<LogTarget> targets, boolean syslog) {
    return new LogSpec(targets, 0, 0, 0, false, syslog);
  }

  @Test
  void rotation_ofAPlainFile_isSpliced() throws Exception {
    write_reachingMaxbytes_rotatesAndKeepsBackups();
    assertThat(spliced).isEqualTo(5);
  }

  @Test
  void onlyPlainOutputToExactlyOneFile_takesSplicedBytes() throws Exception {
    LogTarget a = new LogTarget.File(dir.resolve("a.log"));
    LogTarget b = new LogTarget.File(dir.resolve("b.log"));
    LogFormatSpec timestamped = new LogFormatSpec(false, LogFormatSpec.Format.TIMESTAMPED, "", 1024, "", false);
    LogFormatSpec hourlyGzip = new LogFormatSpec(false, LogFormatSpec.Format.RAW, "", 1024, "hourly", true);
    try (ProcessLog plain = open(spec(List.of(a), false), LogFormatSpec.RAW);
        ProcessLog rotatedByTime = open(spec(List.of(a), false), hourlyGzip);
        ProcessLog twoFiles = open(spec(List.of(a, b), false), LogFormatSpec.RAW);
        ProcessLog fileAndStdout = open(spec(List.of(a, new LogTarget.Stdout()), false), LogFormatSpec.RAW);
        ProcessLog stdoutOnly = open(spec(List.of(new LogTarget.Stdout()), false), LogFormatSpec.RAW);
        ProcessLog fileAndSyslog = open(spec(List.of(a), true), LogFormatSpec.RAW);
        ProcessLog lines = open(spec(List.of(a), false), timestamped)) {
      assertThat(plain.takesSplicedBytes()).isTrue();
      assertThat(rotatedByTime.takesSplicedBytes()).isTrue();
      assertThat(twoFiles.takesSplicedBytes()).isFalse();
      assertThat(fileAndStdout.takesSplicedBytes()).isFalse();
      assertThat(stdoutOnly.takesSplicedBytes()).isFalse();
      assertThat(fileAndSyslog.takesSplicedBytes()).isFalse();
      assertThat(lines.takesSplicedBytes()).isFalse();
      plain.spliceFailed("splice(2) failed: EIO");
      assertThat(plain.takesSplicedBytes()).isFalse();
    }
  }

  @Test
  void aClosedLog_takesNoSplicedBytes_theLauncherReadsAndDropsThem() throws Exception {
    Path f = dir.resolve("a.log");
    ProcessLog log = ProcessLog.open("a stdout", new LogSpec(List.of(new LogTarget.File(f)), 0, 0, 0, false, false));
    write(log, "kept");
    log.close();
    write(log, "dropped");
    assertThat(spliced).isEqualTo(1);
    assertThat(Files.readString(f)).isEqualTo("kept");
  }
}
