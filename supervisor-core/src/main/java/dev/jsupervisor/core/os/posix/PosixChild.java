package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.StdinFullException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One spawned child. {@link #signal}, the stdin writes and {@link #closeStdin} may be called
 * from any thread; the reaping methods only from the I/O thread. Stdin is non-blocking: writes
 * queue here and go out as the pipe takes them, continued by the I/O thread when it was full. The
 * queue is bounded: once bytes wait, a write that would take it beyond {@link
 * ChildProcess#STDIN_BUFFER_BYTES} is refused at once with a {@link StdinFullException}.
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
  private final int stdinFd;
  private final IoLoop io;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by stdinState
  private long pendingBytes; // guarded by stdinState: queued bytes not yet in the pipe
  private boolean stdinClosed; // guarded by stdinState
  private boolean stdinFdClosed; // guarded by stdinState
  private long writableToken; // guarded by stdinState; 0 while not waiting for the pipe
  private boolean reaped; // guarded by this

  /** One queued stdin write and how far it got. */
  private static final class Pending {
    final byte[] data;
    final Consumer<IOException> done;
    int off;

    Pending(byte[] data, Consumer<IOException> done) {
      this.data = data;
      this.done = done;
    }
  }

  PosixChild(int pid, String label, int stdinFd, IoLoop io, Consumer<ExitStatus> onExit) {
    this.pid = pid;
    this.label = label;
    this.stdinFd = stdinFd;
    this.stdinClosed = stdinFd < 0; // an fcgi-program's child: fd 0 is its socket
    this.stdinFdClosed = stdinFd < 0;
    this.io = io;
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
    CompletableFuture<IOException> written = new CompletableFuture<>();
    writeStdinAsync(data, written::complete);
    IOException failure;
    try {
      failure = written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing to stdin of " + label);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void writeStdinAsync(byte[] data, Consumer<IOException> done) {
    IOException refused = null;
    synchronized (stdinState) {
      if (stdinClosed) {
        refused = new IOException("stdin of " + label + " is closed");
      } else if (pendingBytes > 0 && pendingBytes + data.length > STDIN_BUFFER_BYTES) {
        refused = new StdinFullException(label, pendingBytes);
      } else {
        pending.add(new Pending(data.clone(), done));
        pendingBytes += data.length;
      }
    }
    if (refused != null) {
      done.accept(refused);
    } else {
      flush();
    }
  }

  /**
   * Writes what is queued until the pipe is full (then the I/O thread calls back once it is
   * writable) or the queue is empty; callbacks run after the lock is released. The fd is
   * non-blocking, so the lock is held only for the time of a few write(2) calls, and closing the
   * fd under the same lock can never close it under a write.
   */
  private void flush() {
    List<Runnable> callbacks = new ArrayList<>();
    synchronized (stdinState) {
      while (!pending.isEmpty() && !stdinClosed) {
        Pending p = pending.peek();
        int errno = writeSome(p);
        if (errno == Native.EAGAIN) {
          if (writableToken == 0) {
            writableToken = io.watchWritable(stdinFd, this::onWritable);
            if (writableToken == 0) {
              failAll(new IOException("cannot watch stdin of " + label + ": " + Native.describe(Native.errno())), callbacks);
            }
          }
          break;
        }
        if (errno != 0) {
          failAll(new IOException("writing to stdin of " + label + " failed: " + Native.describe(errno)), callbacks);
          break;
        }
        if (p.off == p.data.length) {
          pending.poll();
          pendingBytes -= p.data.length;
          callbacks.add(() -> p.done.accept(null));
        }
      }
    }
    callbacks.forEach(Runnable::run);
  }

  /** Writes as much of {@code p} as the pipe takes; returns 0 or the errno that stopped it. */
  private int writeSome(Pending p) {
    try (NativeArena arena = new NativeArena()) {
      long buf = arena.allocate(Math.min(p.data.length - p.off, STDIN_CHUNK), false);
      while (p.off < p.data.length) {
        int n = Math.min(p.data.length - p.off, STDIN_CHUNK);
        NativeArena.MEMORY.putByteArray(buf, p.data, p.off, n);
        long w = Native.LIBC.write(stdinFd, buf, n);
        if (w < 0) {
          int errno = Native.errno();
          if (errno != Native.EINTR) {
            return errno;
          }
        } else {
          p.off += (int) w;
        }
      }
    }
    return 0;
  }

  /** The I/O thread saw the pipe writable: stop watching, write on. */
  private void onWritable() {
    synchronized (stdinState) {
      unwatch();
    }
    flush();
  }

  // guarded by stdinState
  private void unwatch() {
    if (writableToken != 0) {
      io.unwatch(writableToken, stdinFd);
      writableToken = 0;
    }
  }

  // guarded by stdinState: the write end is unusable; every queued write fails with {@code why}
  private void failAll(IOException why, List<Runnable> callbacks) {
    for (Pending p : pending) {
      callbacks.add(() -> p.done.accept(why));
    }
    pending.clear();
    pendingBytes = 0;
    closeFd();
  }

  // guarded by stdinState
  private void closeFd() {
    stdinClosed = true;
    unwatch();
    if (!stdinFdClosed) {
      stdinFdClosed = true;
      Native.closeQuietly(stdinFd);
    }
  }

  @Override
  public void closeStdin() {
    List<Runnable> callbacks = new ArrayList<>();
    synchronized (stdinState) {
      failAll(new IOException("stdin of " + label + " is closed"), callbacks);
    }
    callbacks.forEach(Runnable::run);
  }

  /**
   * Collects the exit status; called on the I/O thread once the pidfd reported the exit.
   *
   * @return the status, or null if the child has not exited after all
   */
  ExitStatus reap() {
    synchronized (this) {
      while (true) {
        int[] status = new int[1];
        int rc = Native.LIBC.waitpid(pid, status, WNOHANG);
        if (rc == pid) {
          reaped = true;
          return decode(status[0]);
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
