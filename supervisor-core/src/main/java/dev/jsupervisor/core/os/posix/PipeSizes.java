package dev.jsupervisor.core.os.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grows children's stdout/stderr pipes from the kernel's 64 KiB to {@link #GROWN} (F_SETPIPE_SZ):
 * a flooding child then fills the pipe, and wakes the I/O thread, a quarter as often, which cost
 * less CPU per GiB and gave more MiB/s on a 2-core box (bench/README.md, log capture). At most
 * {@link #budget()} pipes are grown at a time; the others keep 64 KiB. The budget bounds the extra
 * kernel memory (pipe pages exist only while filled) and keeps the daemon's user well under the
 * kernel's per-user pipe allowance ({@code /proc/sys/fs/pipe-user-pages-soft}, 16384 pages by
 * default; past it an unprivileged user's new pipes get two pages, its children's own pipes too):
 * a quarter of it at most. A child sees nothing but a pipe that takes more before a write blocks.
 * Thread-safe: {@link #grow} on the launching thread, {@link #release} on the I/O thread.
 */
final class PipeSizes {
  static final int GROWN = 256 * 1024;
  private static final int F_SETPIPE_SZ = 1031;
  private static final int MAX_GROWN = 64;
  private static final int PAGE = 4096;

  private final int budget;
  private final AtomicInteger grown = new AtomicInteger();

  PipeSizes(int budget) {
    this.budget = budget;
  }

  /** A quarter of the kernel's per-user allowance in grown pipes, at most 64 (16 MiB); 0 when unreadable. */
  static PipeSizes fromKernel() {
    try {
      long soft = Long.parseLong(Files.readString(Path.of("/proc/sys/fs/pipe-user-pages-soft")).strip());
      long quarter = soft == 0 ? MAX_GROWN : soft / 4 / (GROWN / PAGE); // 0: no allowance enforced
      return new PipeSizes((int) Math.min(MAX_GROWN, quarter));
    } catch (IOException | RuntimeException e) {
      return new PipeSizes(0);
    }
  }

  int budget() {
    return budget;
  }

  /** Pipes grown and not yet released. */
  int grown() {
    return grown.get();
  }

  /**
   * Grows the pipe of {@code fd} (either end) when the budget allows.
   *
   * @return true when it was grown: the caller calls {@link #release} when it closes it
   */
  boolean grow(int fd) {
    if (grown.incrementAndGet() > budget) {
      grown.decrementAndGet();
      return false;
    }
    if (Native.LIBC.fcntl(fd, F_SETPIPE_SZ, GROWN) < 0) { // EPERM past the allowance, EBUSY: keep it as it is
      grown.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A pipe {@link #grow} grew is closed. */
  void release() {
    grown.decrementAndGet();
  }
}
