package dev.jsupervisor.core.os.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Keeps {@link #RESERVE} descriptors of the process's {@code RLIMIT_NOFILE} free for the control
 * plane (accepting and answering connections, tails, the main log): a spawn, which costs up to
 * {@link #SPAWN_COST} (two log files, three pipes during the spawn, a pidfd), is allowed only while
 * it would leave the reserve intact. Counts the open descriptors in {@code /proc/self/fd} and reads
 * the soft limit from {@code /proc/self/limits} (the daemon may raise it at start for
 * {@code minfds}); when either cannot be read, every spawn is allowed.
 *
 * <p>Counting is O(open descriptors), so it is not done at every question: a count that leaves room
 * for k more spawns allows the next k/2 spawns without counting again (the other half stays as
 * margin for descriptors others open meanwhile), for at most {@link #RECOUNT_AFTER_NANOS}. Near the
 * limit (k &lt; 2) every question counts, exactly as before. Thread-safe (synchronized).
 */
final class DescriptorReserve {
  /** Descriptors kept for accepting, answering and logging. */
  static final long RESERVE = 32;
  /** The most descriptors one spawn may open (logs, pipes, pidfd), with a margin. */
  static final long SPAWN_COST = 10;
  /** The longest a count is trusted (nanoseconds). */
  static final long RECOUNT_AFTER_NANOS = 1_000_000_000L;

  private final LongSupplier open;
  private final LongSupplier limit;
  private final LongSupplier nanoTime;
  private long countedAt; // guarded by this
  private long uncountedSpawns; // spawns still allowed without a count; guarded by this

  DescriptorReserve(LongSupplier open, LongSupplier limit, LongSupplier nanoTime) {
    this.open = open;
    this.limit = limit;
    this.nanoTime = nanoTime;
  }

  /** This process's reserve. */
  static DescriptorReserve ofThisProcess() {
    return new DescriptorReserve(DescriptorReserve::openNow, DescriptorReserve::softLimitNow, System::nanoTime);
  }

  /** Whether one more spawn leaves the reserve free; true when the counts are unknown (-1). */
  synchronized boolean allowsSpawn() {
    long now = nanoTime.getAsLong();
    if (uncountedSpawns > 0 && now - countedAt < RECOUNT_AFTER_NANOS) {
      uncountedSpawns--;
      return true;
    }
    countedAt = now;
    uncountedSpawns = 0;
    long max = limit.getAsLong();
    long used = max < 0 ? -1 : open.getAsLong();
    if (used < 0) {
      uncountedSpawns = Long.MAX_VALUE; // unknown stays unknown: ask again after the time limit
      return true;
    }
    long fit = (max - RESERVE - used) / SPAWN_COST; // spawns that fit, this one included
    if (fit < 1) {
      return false;
    }
    uncountedSpawns = Math.max(0, fit / 2 - 1);
    return true;
  }

  private static long openNow() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count() - 1; // the listing's own descriptor
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long softLimitNow() {
    try {
      return parseSoftLimit(Files.readString(Path.of("/proc/self/limits")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The soft "Max open files" of a {@code /proc/<pid>/limits} text; -1 when unlimited or absent. */
  static long parseSoftLimit(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
        return fields[0].equals("unlimited") ? -1 : Long.parseLong(fields[0]);
      }
    }
    return -1;
  }
}
