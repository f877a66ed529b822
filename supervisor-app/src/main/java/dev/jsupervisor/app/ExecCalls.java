package dev.jsupervisor.app;

import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import dev.jsupervisor.core.os.posix.libc.CFunction;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import java.util.List;

/**
 * The three libc calls of the JVM that only re-executes itself ({@link SignalTakeover}):
 * pthread_sigmask, fcntl and execv, each a {@link CFunction} (jffi directly, as the daemon's own
 * calls, their arguments in a {@link NativeArena}): jffi loads its stub library and a few dozen
 * classes. Main thread only, once; native memory is freed before each method returns, except by an
 * execv that succeeded.
 */
final class ExecCalls {
  private static final int SIG_BLOCK = 0;
  private static final int SIG_SETMASK = 2;
  private static final int SIGSET_BYTES = SignalTakeover.SIGSET_BYTES;

  private static final MemoryIO MEMORY = NativeArena.MEMORY;
  private final CFunction sigmask = CFunction.of("pthread_sigmask", Type.SINT, Type.SINT, Type.POINTER, Type.POINTER);
  private final CFunction fcntl = CFunction.of("fcntl", Type.SINT, Type.SINT, Type.SINT, Type.SINT);
  private final CFunction execv = CFunction.of("execv", Type.SINT, Type.POINTER, Type.POINTER);

  private ExecCalls() {}

  /**
   * Loads jffi's stub library and looks the three functions up in the process's libc.
   *
   * @throws LinkageError when jffi or a function is not available, or {@link IllegalStateException}
   *     when this JVM is not a 64-bit one
   */
  static ExecCalls load() {
    if (!"64".equals(System.getProperty("sun.arch.data.model"))) { // argv is built with 8-byte pointers
      throw new IllegalStateException("not a 64-bit JVM");
    }
    return new ExecCalls();
  }

  /**
   * Blocks {@code signals} in the calling thread (pthread_sigmask SIG_BLOCK).
   *
   * @return the previous mask, to give to {@link #restoreMask} if the exec fails
   */
  long[] block(int[] signals) {
    try (NativeArena arena = new NativeArena()) {
      long set = SignalTakeover.sigset(arena, signals);
      long old = arena.allocate(SIGSET_BYTES, false);
      int r = (int) sigmask.call(SIG_BLOCK, set, old);
      if (r != 0) {
        throw new IllegalStateException("pthread_sigmask failed: " + r);
      }
      long[] saved = new long[SIGSET_BYTES / Long.BYTES];
      MEMORY.getLongArray(old, saved, 0, saved.length);
      return saved;
    }
  }

  /** Sets the calling thread's mask back to {@code saved} (from {@link #block}). */
  void restoreMask(long[] saved) {
    try (NativeArena arena = new NativeArena()) {
      long set = arena.allocate(SIGSET_BYTES, false);
      MEMORY.putLongArray(set, saved, 0, saved.length);
      sigmask.call(SIG_SETMASK, set, 0);
    }
  }

  /** fcntl(fd, cmd, arg); returns its result (-1 on failure). */
  int fcntl(int fd, int cmd, int arg) {
    return (int) fcntl.call(fd, cmd, arg);
  }

  /**
   * execv(path, argv): replaces this process's image. Returns only when it failed.
   *
   * @return errno of the failure
   */
  int execv(String path, List<String> argv) {
    try (NativeArena arena = new NativeArena()) {
      execv.call(arena.cString(path), arena.cStringArray(argv));
      return CFunction.errno();
    }
  }
}
