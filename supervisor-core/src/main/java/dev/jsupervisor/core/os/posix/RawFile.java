package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.NativeArena;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file opened by open(2) as a bare descriptor, for a log file that bytes are spliced into
 * ({@code log.FileTarget}): write-only, close-on-exec, without O_APPEND (splice(2) refuses an
 * O_APPEND target with EINVAL). Not API. Any thread; errors are IOExceptions naming the errno.
 */
public final class RawFile {
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_TRUNC = 01000;
  private static final int SEEK_END = 2;

  private RawFile() {}

  /**
   * Opens {@code path} for writing, creating it with mode 0600 ({@code ownerOnly}) or 0666, both
   * before the umask (as {@code FileChannel.open} creates files).
   *
   * @param truncate empty it (O_TRUNC)
   * @return the descriptor; the caller closes it ({@link #close})
   * @throws IOException when open(2) fails
   */
  public static int open(Path path, boolean ownerOnly, boolean truncate) throws IOException {
    try (NativeArena arena = new NativeArena()) {
      int fd = Native.LIBC.open(arena.cString(path.toString()),
          O_WRONLY | O_CREAT | Native.O_CLOEXEC | (truncate ? O_TRUNC : 0), ownerOnly ? 0600 : 0666);
      if (fd < 0) {
        throw new IOException(path + ": " + Native.describe(Native.errno()));
      }
      return fd;
    }
  }

  /**
   * Moves {@code fd}'s position to the end of the file.
   *
   * @return the new position: the file's size
   * @throws IOException when lseek(2) fails
   */
  public static long seekEnd(int fd) throws IOException {
    long end = Native.LIBC.lseek(fd, 0, SEEK_END);
    if (end < 0) {
      throw new IOException("lseek: " + Native.describe(Native.errno()));
    }
    return end;
  }

  /** Closes {@code fd}, ignoring errors (nothing is buffered: nothing can be lost). */
  public static void close(int fd) {
    Native.closeQuietly(fd);
  }
}
