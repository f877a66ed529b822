package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.os.posix.libc.Libc;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.spi.SplicingSink;

/**
 * Hands bytes to a log as the launcher's I/O thread does: a log that takes spliced bytes gets them
 * by a real splice(2) from a pipe they were written into, any other log by {@link ProcessLog#write}.
 */
final class Splices {
  private static final Libc C = Libc.load();
  private static final int O_CLOEXEC = 02000000;
  private static final int SPLICE_F_NONBLOCK = 2;

  private Splices() {}

  /** @return true when the bytes were spliced */
  static boolean handOver(ProcessLog log, byte[] b) {
    if (b.length == 0 || !log.takesSplicedBytes()) {
      log.write(b, 0, b.length);
      return false;
    }
    assertThat(b.length).as("one pipe buffer's worth").isLessThanOrEqualTo(65536);
    try (NativeArena arena = new NativeArena()) {
      long fds = arena.allocate(2 * Integer.BYTES, true);
      assertThat(C.pipe2(fds, O_CLOEXEC)).isZero();
      int in = NativeArena.MEMORY.getInt(fds);
      int out = NativeArena.MEMORY.getInt(fds + Integer.BYTES);
      try {
        assertThat(C.write(out, arena.copy(b, 0, b.length), b.length)).isEqualTo(b.length);
        long n = log.splice((fd, max) -> {
          long moved = C.splice(in, 0, fd, 0, max, SPLICE_F_NONBLOCK);
          return moved >= 0 ? moved : -C.errno();
        }, 128 * 1024);
        if (n == SplicingSink.NOT_SPLICED) {
          log.write(b, 0, b.length); // the launcher reads the pipe instead
          return false;
        }
        assertThat(n).as("spliced at once").isEqualTo(b.length);
        return true;
      } finally {
        C.close(in);
        C.close(out);
      }
    }
  }
}
