package dev.jsupervisor.web.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's CPU and memory use for {@code /supervisor/listNodes}, from Linux's {@code /proc/stat}
 * and {@code /proc/meminfo}, with the Go port's keys. CPU is the busy share since the previous call
 * (since boot on the first), so a call never sleeps to sample, as the Go port's 1 s sample does.
 * Any thread; a missing {@code /proc} gives zeros.
 */
final class HostLoad {
  private final Path proc;
  private long[] previous; // {busy, total} jiffies at the previous call

  HostLoad(Path proc) {
    this.proc = proc;
  }

  /** {@code cpu_percent}, {@code mem_total}, {@code mem_used} (bytes), {@code mem_used_percent}. */
  synchronized Map<String, Object> sample() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_percent", round(cpuPercent()));
    long[] mem = memory();
    m.put("mem_total", mem[0]);
    m.put("mem_used", mem[1]);
    m.put("mem_used_percent", round(mem[0] == 0 ? 0 : 100.0 * mem[1] / mem[0]));
    return m;
  }

  private double cpuPercent() {
    long[] now = cpuTimes();
    if (now == null) {
      return 0;
    }
    long[] before = previous == null ? new long[] {0, 0} : previous;
    previous = now;
    long total = now[1] - before[1];
    return total <= 0 ? 0 : 100.0 * (now[0] - before[0]) / total;
  }

  /** {busy, total} from the first line of /proc/stat: user nice system idle iowait irq softirq steal. */
  private long[] cpuTimes() {
    try {
      List<String> lines = Files.readAllLines(proc.resolve("stat"));
      String[] f = lines.isEmpty() ? new String[0] : lines.get(0).trim().split("\\s+");
      if (f.length < 5 || !f[0].equals("cpu")) {
        return null;
      }
      long total = 0;
      long idle = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        long v = Long.parseLong(f[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {total, used} bytes; used = MemTotal - MemAvailable. */
  private long[] memory() {
    long total = 0;
    long available = -1;
    try {
      for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          total = kib(line) * 1024;
        } else if (line.startsWith("MemAvailable:")) {
          available = kib(line) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
    return new long[] {total, available < 0 ? 0 : Math.max(0, total - available)};
  }

  private static long kib(String line) {
    String[] f = line.trim().split("\\s+");
    return Long.parseLong(f[1]);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
