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
 * the soft limit from {@code /proc/self/limits} at each question (the daemon may raise it at start
 * for {@code minfds}); when either cannot be read, every spawn is allowed. Any thread.
 */
final class DescriptorReserve {
  /** Descriptors kept for accepting, answering and logging. */
  static final long RESERVE = 32;
  /** The most descriptors one spawn may open (logs, pipes, pidfd), with a margin. */
  static final long SPAWN_COST = 10;

  private final LongSupplier open;
  private final LongSupplier limit;

  DescriptorReserve(LongSupplier open, LongSupplier limit) {
    this.open = open;
    this.limit = limit;
  }

  /** This process's reserve. */
  static DescriptorReserve ofThisProcess() {
    return new DescriptorReserve(DescriptorReserve::openNow, DescriptorReserve::softLimitNow);
  }

  /** Whether one more spawn leaves the reserve free; true when the counts are unknown (-1). */
  boolean allowsSpawn() {
    long max = limit.getAsLong();
    if (max < 0) {
      return true;
    }
    long used = open.getAsLong();
    return used < 0 || used + SPAWN_COST + RESERVE <= max;
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
