import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.SystemTimeSource;
import dev.jsupervisor.core.TimeSource;
import dev.jsupervisor.core.log.ProcessLog;
import dev.jsupervisor.core.spi.OutputSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Microbenchmark (not a test) of the log path without the pipe: the chunks the launcher's I/O
 * thread reads from a child (a direct buffer of 100-byte lines) handed to a {@link ProcessLog}
 * exactly as the I/O thread hands them (raw: the direct buffer; a line format: copied to a heap
 * array first), per log format, into one log file. It prints the I/O thread's CPU per MB of input
 * and the input MB/s; run it with the daemon's JIT flags ({@code bench/log-path-micro.sh} does).
 *
 * <p>Usage: {@code java -cp CORE_CLASSES bench/LogPathMicro.java DIR [SECS] [CHUNK] [ROUNDS] [CASES]}
 * (CASES: {@code timestamped,json}; raw always runs)
 */
public final class LogPathMicro {
  private static final String LINE;

  static {
    String l = "2026-12-01 12:00:00 INFO request served path=/api/v1/items status=200 duration_ms=12 user=alice";
    LINE = (l + " " + "x".repeat(99)).substring(0, 99) + "\n";
  }

  private record Case(String name, LogFormatSpec spec) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    double secs = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 64 * 1024;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    List<Case> all = List.of(
        new Case("raw", LogFormatSpec.RAW),
        new Case("timestamped", new LogFormatSpec(false, LogFormatSpec.Format.TIMESTAMPED, "",
            LogFormatSpec.DEFAULT_MAX_LINE_BYTES, "", false)),
        new Case("json", new LogFormatSpec(false, LogFormatSpec.Format.JSON, "",
            LogFormatSpec.DEFAULT_MAX_LINE_BYTES, "", false)));
    // raw first: the figures are relative to it
    List<String> only = args.length > 4 ? List.of(("raw," + args[4]).split(",")) : List.of();
    List<Case> cases = all.stream().filter(k -> only.isEmpty() || only.contains(k.name())).distinct().toList();
    // a chunk as a pipe read returns it: whole lines but for the last, cut anywhere
    byte[] lines = LINE.repeat(chunk / LINE.length() + 2).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(chunk);
    byte[] heap = new byte[chunk];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    TimeSource time = SystemTimeSource.INSTANCE;
    @SuppressWarnings("unchecked")
    List<double[]>[] results = new List[cases.size()];
    for (int c = 0; c < cases.size(); c++) {
      results[c] = new ArrayList<>();
    }
    for (int r = 0; r < rounds + 1; r++) { // round 0 warms the JIT up
      for (int c = 0; c < cases.size(); c++) {
        Case k = cases.get(c);
        Path file = dir.resolve("micro-" + k.name() + ".log");
        Files.deleteIfExists(file);
        // 64 MB then truncated (backups=0): the file stays in the page cache, as a daemon's would
        LogSpec spec = new LogSpec(List.of(new LogTarget.File(file, false)), 64L << 20, 0, 0, false, false);
        try (ProcessLog log = ProcessLog.open("bench stdout", spec, k.spec(),
            new ProcessLog.Source("bench", "bench", "stdout"), ActivityLog.NONE, time)) {
          OutputSink child = log.forChild(() -> 4242);
          boolean passDirect = child == log;
          long bytes = 0;
          int offset = 0;
          long cpu0 = mx.getCurrentThreadCpuTime();
          long user0 = mx.getCurrentThreadUserTime();
          long t0 = System.nanoTime();
          long until = t0 + (long) (secs * 1e9);
          long now = t0;
          while (now < until) {
            for (int i = 0; i < 64; i++) {
              direct.clear();
              direct.put(lines, offset, chunk).flip();
              offset = (offset + chunk) % LINE.length();
              if (passDirect) {
                log.write(direct);
              } else {
                direct.get(heap, 0, chunk);
                child.write(heap, 0, chunk);
              }
              bytes += chunk;
            }
            now = System.nanoTime();
          }
          double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
          double user = (mx.getCurrentThreadUserTime() - user0) / 1e9;
          double wall = (now - t0) / 1e9;
          if (r > 0) {
            results[c].add(new double[] {bytes / 1e6 / wall, 1000 * cpu / (bytes / 1e6),
                1000 * user / (bytes / 1e6)});
          }
        }
        Files.deleteIfExists(file);
      }
    }
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    System.out.printf(Locale.ROOT, "log path micro: %d-byte chunks of %d-byte lines, %.0f s x %d rounds (medians), "
        + "load after %s%n", chunk, LINE.length(), secs, rounds, load);
    System.out.printf(Locale.ROOT, "  %-12s %10s %10s %10s %12s %14s%n", "case", "MB/s", "CPU ms/MB", "user ms/MB",
        "MB/s vs raw", "CPU/MB vs raw");
    double baseRate = median(results[0], 0);
    double baseCpu = median(results[0], 1);
    for (int c = 0; c < cases.size(); c++) {
      double rate = median(results[c], 0);
      double cpu = median(results[c], 1);
      System.out.printf(Locale.ROOT, "  %-12s %10.1f %10.3f %10.3f %11.1f%% %13.1f%%%n", cases.get(c).name(), rate, cpu,
          median(results[c], 2),
          100 * (rate / baseRate - 1), 100 * (cpu / baseCpu - 1));
    }
  }

  private static double median(List<double[]> rs, int k) {
    double[] v = rs.stream().mapToDouble(x -> x[k]).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
