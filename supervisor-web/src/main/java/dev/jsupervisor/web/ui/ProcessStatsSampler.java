package dev.jsupervisor.web.ui;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.TimeSource;
import dev.jsupervisor.web.metrics.ProcStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU and resident memory of every live process, sampled from {@code /proc} for the page's charts.
 * There is no sampling thread: a sample is taken when the page asks ({@link #since}) and the last one
 * is older than {@link #MIN_GAP}, so nothing is read while nobody looks, and several open pages share
 * one sample. The last {@link #ROUNDS} samples are kept (about six minutes at the page's pace of one
 * request per {@link #INTERVAL}). Thread-safe (one lock); {@link #since} blocks on file reads, so it
 * belongs on a worker thread.
 */
final class ProcessStatsSampler {
  /** How often the page asks. */
  static final Duration INTERVAL = Duration.ofSeconds(5);
  /** Requests closer than this to the last sample reuse it (a little under INTERVAL: timers drift). */
  static final Duration MIN_GAP = Duration.ofSeconds(4);
  static final int ROUNDS = 72;

  /**
   * One process in one sample.
   *
   * @param cpuPercent CPU use since the previous sample, in percent of one core; NaN in the first
   *     sample of a pid
   * @param residentBytes VmRSS; -1 when unreadable
   */
  record Point(int pid, double cpuPercent, long residentBytes) {}

  /** One sample of every live process, keyed by namespec, at wall time {@code epochMillis}. */
  record Round(long epochMillis, Map<String, Point> points) {}

  private record Previous(int pid, double cpuSeconds, long nanos) {}

  private final Supplier<SupervisorSnapshot> snapshots;
  private final ProcStats proc;
  private final TimeSource time;
  private final ArrayDeque<Round> rounds = new ArrayDeque<>();
  private final Map<ProcessName, Previous> previous = new HashMap<>();
  private long lastNanos;

  ProcessStatsSampler(Supplier<SupervisorSnapshot> snapshots, ProcStats proc, TimeSource time) {
    this.snapshots = snapshots;
    this.proc = proc;
    this.time = time;
  }

  /** Samples if the last sample is older than {@link #MIN_GAP}, then returns the samples taken after {@code epochMillis}. */
  synchronized List<Round> since(long epochMillis) {
    long now = time.nanoTime();
    if (rounds.isEmpty() || now - lastNanos >= MIN_GAP.toNanos()) {
      sample(now);
    }
    List<Round> out = new ArrayList<>();
    for (Round r : rounds) {
      if (r.epochMillis() > epochMillis) {
        out.add(r);
      }
    }
    return out;
  }

  private void sample(long now) {
    lastNanos = now;
    Map<String, Point> points = new LinkedHashMap<>();
    Map<ProcessName, Previous> seen = new HashMap<>();
    for (ProcessInfo p : snapshots.get().processes()) {
      if (p.pid() <= 0) {
        continue;
      }
      double cpu = proc.cpuSeconds(p.pid()).orElse(Double.NaN);
      long rss = proc.residentBytes(p.pid()).orElse(-1);
      if (Double.isNaN(cpu) && rss < 0) {
        continue; // gone between the snapshot and the read
      }
      Previous before = previous.get(p.name());
      double percent = Double.NaN;
      if (before != null && before.pid() == p.pid() && !Double.isNaN(cpu) && now - before.nanos() > 0) {
        percent = Math.max(0, (cpu - before.cpuSeconds()) * 100.0 / ((now - before.nanos()) / 1e9));
      }
      seen.put(p.name(), new Previous(p.pid(), cpu, now));
      points.put(p.name().namespec(), new Point(p.pid(), percent, rss));
    }
    previous.clear();
    previous.putAll(seen);
    rounds.addLast(new Round(time.now().toEpochMilli(), points));
    while (rounds.size() > ROUNDS) {
      rounds.removeFirst();
    }
  }
}
