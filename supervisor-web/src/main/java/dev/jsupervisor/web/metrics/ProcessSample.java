package dev.jsupervisor.web.metrics;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The latest values of one process that its meters read: the snapshot record plus what comes from
 * {@code /proc} and the log files. Written by {@link SupervisorMetrics#refresh()} (one thread at a
 * time), read by gauges during a scrape; fields are volatile so readers see whole updates.
 */
final class ProcessSample {
  private volatile ProcessInfo info;
  private volatile double cpuSeconds = Double.NaN;
  private volatile double residentBytes = Double.NaN;
  private final LogGrowth stdout = new LogGrowth();
  private final LogGrowth stderr = new LogGrowth();
  /** Meters registered only in some states, by name; touched only under SupervisorMetrics' lock. */
  final java.util.Map<String, io.micrometer.core.instrument.Meter> conditional = new java.util.HashMap<>();

  ProcessSample(ProcessInfo info) {
    this.info = info;
  }

  void update(ProcessInfo latest, ProcStats proc) {
    info = latest;
    boolean alive = latest.pid() > 0;
    cpuSeconds = alive ? proc.cpuSeconds(latest.pid()).orElse(Double.NaN) : Double.NaN;
    residentBytes = alive ? proc.residentBytes(latest.pid()).orElse(-1) : Double.NaN;
    if (residentBytes < 0) {
      residentBytes = Double.NaN;
    }
    stdout.observe(latest.stdoutLogfile());
    stderr.observe(latest.stderrLogfile());
  }

  ProcessInfo info() {
    return info;
  }

  double up() {
    return info.state() == ProcessState.RUNNING ? 1 : 0;
  }

  double state() {
    return info.state().code();
  }

  double exitStatus() {
    return info.exitstatus();
  }

  double startTime() {
    return info.start();
  }

  double uptime() {
    return info.state() == ProcessState.RUNNING ? Math.max(0, info.now() - info.start()) : 0;
  }

  double restarts() {
    return info.restarts();
  }

  double crashRestarts() {
    return info.crashRestarts();
  }

  double startRequests() {
    return info.startRequests();
  }

  /** 1 when the probes say healthy, else 0 (a program with probes only). */
  double healthy() {
    return "healthy".equals(info.health()) ? 1 : 0;
  }

  double livenessRestarts() {
    return info.livenessRestarts();
  }

  double spawnFailures() {
    return info.spawnFailures();
  }

  double cpuSeconds() {
    return cpuSeconds;
  }

  double residentBytes() {
    return residentBytes;
  }

  double stdoutBytes() {
    return stdout.total;
  }

  double stderrBytes() {
    return stderr.total;
  }

  /**
   * Bytes written to a log file, as a counter: growth of the file since the last look; after a
   * rotation or clear (the file got smaller) its whole new size counts. Output written and rotated
   * away between two scrapes is missed, so this is a lower bound.
   */
  static final class LogGrowth {
    private long lastSize = -1;
    private volatile double total;

    void observe(String file) {
      if (file.isEmpty()) {
        return;
      }
      long size;
      try {
        size = Files.size(Path.of(file));
      } catch (IOException | RuntimeException e) {
        return;
      }
      if (lastSize < 0) {
        total += size;
      } else if (size >= lastSize) {
        total += size - lastSize;
      } else {
        total += size;
      }
      lastSize = size;
    }
  }
}
