package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.spi.ChildProcess;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * One spawned child. {@link #signal}, {@link #writeStdin} and {@link #closeStdin} may be called
 * from any thread; the reaping methods only from the I/O thread.
 *
 * <p>The pid is signalled only while the child is unreaped (both under this object's monitor), so a
 * pid the kernel reuses after the reap is never signalled by mistake.
 */
final class PosixChild implements ChildProcess {
  private static final int WNOHANG = 1;
  private static final int ECHILD = 10;
  private static final int STDIN_CHUNK = 64 * 1024;

  private final int pid;
  private final String label;
  private final Consumer<ExitStatus> onExit;
  private final Object stdinState = new Object();
  private final ReentrantLock stdinWriter = new ReentrantLock();
  private final int stdinFd;
  private boolean stdinClosed; // guarded by stdinState
  private boolean stdinFdClosed; // guarded by stdinState
  private int stdinWriters; // guarded by stdinState
  private boolean reaped; // guarded by this

  PosixChild(int pid, String label, int stdinFd, Consumer<ExitStatus> onExit) {
    this.pid = pid;
    this.label = label;
    this.stdinFd = stdinFd;
    this.onExit = onExit;
  }

  @Override
  public int pid() {
    return pid;
  }

  String label() {
    return label;
  }

  Consumer<ExitStatus> onExit() {
    return onExit;
  }

  @Override
  public void signal(int signal, boolean group) throws IOException {
    int rc;
    synchronized (this) {
      if (reaped && !group) {
        return; // gone: the same as ESRCH, and the pid may belong to someone else by now
      }
      rc = Native.LIBC.kill(group ? -pid : pid, signal);
    }
    if (rc != 0) {
      int errno = Native.errno();
      if (errno != Native.ESRCH) {
        throw new IOException("kill(" + (group ? -pid : pid) + ", " + signal + ") for " + label + " failed: " + Native.describe(errno));
      }
    }
  }

  @Override
  public void writeStdin(byte[] data) throws IOException {
    synchronized (stdinState) {
      if (stdinClosed) {
        throw new IOException("stdin of " + label + " is closed");
      }
      stdinWriters++;
    }
    stdinWriter.lock();
    try {
      writeFully(data);
    } finally {
      stdinWriter.unlock();
      synchronized (stdinState) {
        stdinWriters--;
        closeStdinFdIfIdle();
      }
    }
  }

  private void writeFully(byte[] data) throws IOException {
    Pointer buf = Memory.allocateDirect(Native.RUNTIME, Math.max(1, Math.min(data.length, STDIN_CHUNK)));
    int off = 0;
    while (off < data.length) {
      int n = Math.min(data.length - off, STDIN_CHUNK);
      buf.put(0, data, off, n);
      int done = 0;
      while (done < n) {
        long w = Native.LIBC.write(stdinFd, buf.slice(done), n - done);
        if (w < 0) {
          int errno = Native.errno();
          if (errno == Native.EINTR) {
            continue;
          }
          throw new IOException("writing to stdin of " + label + " failed: " + Native.describe(errno));
        }
        done += (int) w;
      }
      off += n;
    }
  }

  @Override
  public void closeStdin() {
    synchronized (stdinState) {
      stdinClosed = true;
      closeStdinFdIfIdle();
    }
  }

  // A writer blocked in write(2) keeps the fd; the last one out closes it, so the number is never
  // closed under a writer and reused by another open.
  private void closeStdinFdIfIdle() {
    if (stdinClosed && stdinWriters == 0 && !stdinFdClosed) {
      stdinFdClosed = true;
      Native.closeQuietly(stdinFd);
    }
  }

  /**
   * Collects the exit status; called on the I/O thread once the pidfd reported the exit.
   *
   * @return the status, or null if the child has not exited after all
   */
  ExitStatus reap() {
    IntByReference status = new IntByReference();
    synchronized (this) {
      while (true) {
        int rc = Native.LIBC.waitpid(pid, status, WNOHANG);
        if (rc == pid) {
          reaped = true;
          return decode(status.intValue());
        }
        if (rc == 0) {
          return null;
        }
        int errno = Native.errno();
        if (errno != Native.EINTR) {
          reaped = true;
          // ECHILD: someone else reaped it (an embedder's waitpid(-1)); the status is lost.
          return new ExitStatus.Exited(errno == ECHILD ? -1 : -2);
        }
      }
    }
  }

  static ExitStatus decode(int status) {
    int low = status & 0x7f;
    if (low == 0) {
      return new ExitStatus.Exited((status >> 8) & 0xff);
    }
    return new ExitStatus.Signalled(low);
  }

  @Override
  public String toString() {
    return "PosixChild[" + label + " pid " + pid + "]";
  }
}
