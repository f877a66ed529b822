package dev.jsupervisor.app;

import static com.kenai.jffi.Type.POINTER;
import static com.kenai.jffi.Type.SINT;
import static com.kenai.jffi.Type.SLONG;

import dev.jsupervisor.core.os.posix.libc.CFunction;
import dev.jsupervisor.core.os.posix.libc.Libc;
import dev.jsupervisor.core.os.posix.libc.NativeArena;

/**
 * The libc calls the re-executed daemon makes about itself that the engine's {@link Libc} does not
 * have: the signal mask and signalfd ({@link SignalTakeover}, {@link SignalFdReader}) and the
 * process-wide calls of {@link PosixSystem}, each a {@link CFunction} (jffi directly, as the
 * engine's launcher); read, write, close, kill, waitpid, errno and the like are {@link Libc}'s.
 * Pointers are native addresses; the methods taking Java arrays or strings copy them through native
 * memory themselves. Loaded on first use ({@link #LIBC}, any thread); a missing function shows as an
 * {@link UnsatisfiedLinkError} there. Immutable; any thread.
 */
final class SystemCalls {
  /** The functions, looked up once. */
  static final SystemCalls LIBC = new SystemCalls();

  private final CFunction pthreadSigmask = CFunction.of("pthread_sigmask", SINT, SINT, POINTER, POINTER);
  private final CFunction signalfd = CFunction.of("signalfd", SINT, SINT, POINTER, SINT);
  private final CFunction poll = CFunction.of("poll", SINT, POINTER, SLONG, SINT);
  private final CFunction geteuid = CFunction.of("geteuid", SINT);
  private final CFunction getrlimit = CFunction.of("getrlimit", SINT, SINT, POINTER);
  private final CFunction setrlimit = CFunction.of("setrlimit", SINT, SINT, POINTER);
  private final CFunction prctl = CFunction.of("prctl", SINT, SINT, SLONG, SLONG, SLONG, SLONG);
  private final CFunction open = CFunction.of("open", SINT, POINTER, SINT, SINT);
  private final CFunction dup2 = CFunction.of("dup2", SINT, SINT, SINT);
  private final CFunction setuid = CFunction.of("setuid", SINT, SINT);
  private final CFunction setgid = CFunction.of("setgid", SINT, SINT);

  private SystemCalls() {}

  int pthread_sigmask(int how, long set, long oldSet) {
    return (int) pthreadSigmask.call(how, set, oldSet);
  }

  int signalfd(int fd, long mask, int flags) {
    return (int) signalfd.call(fd, mask, flags);
  }

  int poll(long fds, long nfds, int timeout) {
    return (int) poll.call(fds, nfds, timeout);
  }

  int geteuid() {
    return (int) geteuid.call();
  }

  /** {@code limits}: rlim_cur, rlim_max (rlim_t is 64 bits on the 64-bit Linux ABIs), filled in. */
  int getrlimit(int resource, long[] limits) {
    try (NativeArena arena = new NativeArena()) {
      long at = arena.allocate(2 * Long.BYTES, true);
      int rc = (int) getrlimit.call(resource, at);
      limits[0] = NativeArena.MEMORY.getLong(at);
      limits[1] = NativeArena.MEMORY.getLong(at + Long.BYTES);
      return rc;
    }
  }

  /** {@code limits}: rlim_cur, rlim_max. */
  int setrlimit(int resource, long[] limits) {
    try (NativeArena arena = new NativeArena()) {
      long at = arena.allocate(2 * Long.BYTES, false);
      NativeArena.MEMORY.putLong(at, limits[0]);
      NativeArena.MEMORY.putLong(at + Long.BYTES, limits[1]);
      return (int) setrlimit.call(resource, at);
    }
  }

  int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
    return (int) prctl.call(option, arg2, arg3, arg4, arg5);
  }

  int open(String path, int flags, int mode) {
    try (NativeArena arena = new NativeArena()) {
      return (int) open.call(arena.cString(path), flags, mode);
    }
  }

  int dup2(int fd, int fd2) {
    return (int) dup2.call(fd, fd2);
  }

  int setuid(int uid) {
    return (int) setuid.call(uid);
  }

  int setgid(int gid) {
    return (int) setgid.call(gid);
  }
}
