package dev.jsupervisor.web.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads a live process's CPU time and resident memory from Linux's {@code /proc}. Missing files (the
 * process just died, or not Linux) give empty results, never exceptions. Blocking file reads; any
 * thread. Only the process itself is counted, not its children. Shared by {@code /metrics} and the web
 * UI's per-process charts.
 */
public final class ProcStats {
  /** USER_HZ: the unit of /proc/[pid]/stat times; 100 on every Linux architecture (fixed ABI). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Path proc;

  /** Reads under {@code proc} (normally {@code /proc}; a directory of fake files in tests). */
  public ProcStats(Path proc) {
    this.proc = proc;
  }

  /** utime + stime in seconds. */
  public OptionalDouble cpuSeconds(int pid) {
    String stat;
    try {
      stat = Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
    // comm (field 2) may contain spaces and parentheses: the fields we need follow the last ')'
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return OptionalDouble.empty();
    }
    String[] f = stat.substring(close + 2).trim().split(" +");
    // after comm: state(3) ppid(4) ... utime(14) stime(15) → indices 11 and 12 here
    if (f.length < 13) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** VmRSS in bytes. */
  public OptionalLong residentBytes(int pid) {
    List<String> lines;
    try {
      lines = Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("status"), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    for (String line : lines) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
