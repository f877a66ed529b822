package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.Libc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** The loaded libc, errno helpers and UTF-8 string marshalling. Stateless after loading. */
final class Native {
  static final Libc LIBC =
      LibraryLoader.create(Libc.class).option(LibraryOption.SaveError, Boolean.TRUE).load("c");
  static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  static final int EINTR = 4;
  static final int ESRCH = 3;
  static final int EAGAIN = 11;
  static final int EPIPE = 32;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;
  static final int F_GETFL = 3;
  static final int F_SETFL = 4;

  private Native() {}

  static int errno() {
    return RUNTIME.getLastError();
  }

  /** {@code ENOENT}, as supervisord prints errors ({@code errno.errorcode}). */
  static String errnoName(int errno) {
    Errno e = Errno.valueOf(errno);
    return e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name();
  }

  /** {@code ENOENT (No such file or directory)}. */
  static String describe(int errno) {
    Errno e = Errno.valueOf(errno);
    return e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name() + " (" + e.description() + ")";
  }

  /** A NUL-terminated UTF-8 copy of {@code s} in native memory (freed by the GC). */
  static Pointer cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    Pointer p = Memory.allocateDirect(RUNTIME, b.length + 1);
    p.put(0, b, 0, b.length);
    p.putByte(b.length, (byte) 0);
    return p;
  }

  /**
   * A NULL-terminated {@code char*[]} and its strings in one block of native memory (one allocation
   * however many items; freed by the GC once the returned pointer is unreachable, so callers keep
   * it reachable across the native call).
   */
  static Pointer cStringArray(List<String> items) {
    int ptrSize = RUNTIME.addressSize();
    int n = items.size();
    byte[][] encoded = new byte[n][];
    long strings = 0;
    for (int i = 0; i < n; i++) {
      encoded[i] = items.get(i).getBytes(StandardCharsets.UTF_8);
      strings += encoded[i].length + 1;
    }
    long table = (long) (n + 1) * ptrSize;
    Pointer block = Memory.allocateDirect(RUNTIME, table + strings, false);
    long base = block.address();
    long at = table;
    for (int i = 0; i < n; i++) {
      block.putAddress((long) i * ptrSize, base + at);
      block.put(at, encoded[i], 0, encoded[i].length);
      block.putByte(at + encoded[i].length, (byte) 0);
      at += encoded[i].length + 1;
    }
    block.putAddress((long) n * ptrSize, 0L);
    return block;
  }

  /** Closes {@code fd} if it is valid, ignoring errors (used on cleanup paths). */
  static void closeQuietly(int fd) {
    if (fd >= 0) {
      LIBC.close(fd);
    }
  }

  static void setNonBlocking(int fd) {
    int flags = LIBC.fcntl(fd, F_GETFL, 0);
    LIBC.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  }
}
