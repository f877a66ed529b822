package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.Libc;
import jnr.constants.platform.Errno;

/** The loaded libc and errno helpers. Stateless after loading. */
final class Native {
  static final Libc LIBC = Libc.get();

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
    return LIBC.errno();
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
