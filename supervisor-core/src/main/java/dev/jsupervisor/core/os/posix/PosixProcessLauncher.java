package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.SharedSocketSpec;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.NotifySocket;
import dev.jsupervisor.core.spi.ProcessLauncher;
import dev.jsupervisor.core.spi.SharedSocket;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The production launcher for Linux: posix_spawn through jnr-ffi (each child leads its own process
 * group), pipes for stdin/stdout/stderr, and one I/O thread ("supervisor-io") for all children.
 *
 * <p>How it works: {@link Spawner} creates the pipes (O_CLOEXEC) and spawns; the child gets
 * default signal dispositions, an empty signal mask, pgid = pid, the request's exact argv and
 * environment, cwd and umask, and only fds 0–2; an fcgi-program's child gets its group's
 * {@link ListeningSocket} as fd 0 instead of a stdin pipe. {@code user=} execs through {@code setpriv}
 * ({@link UserSwitch}). {@link IoLoop} watches the stdout/stderr read ends and a pidfd per child in
 * one epoll set, reads in 128 KiB chunks, reaps with {@code waitpid(pid)} (never {@code -1}, so an
 * embedder's own children are left alone), drains the pipes, then calls {@code onExit}.
 *
 * <p>Cost per running child: 4 descriptors in the supervisor (stdin write end, stdout read end,
 * stderr read end unless redirected, pidfd; one more, its sd_notify socket, with
 * {@code readiness_probe = notify}), no thread, a few small Java objects. Requires Linux
 * 5.3 (pidfd_open) and glibc 2.29 (addchdir_np); 2.34 for addclosefrom_np (else a fallback).
 *
 * <p>Caveat: the embedding JVM must not reap children with {@code waitpid(-1)} (status is lost:
 * such a child is reported as {@code Exited(-1)}).
 */
public final class PosixProcessLauncher implements ProcessLauncher {
  private final IoLoop io;
  private final DescriptorReserve reserve = DescriptorReserve.ofThisProcess();
  private final NotifySockets notifySockets;
  private volatile boolean closed;

  private PosixProcessLauncher(IoLoop io) {
    this.io = io;
    this.notifySockets = new NotifySockets(io, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Creates a launcher and starts its I/O thread. Any thread.
   *
   * @throws IllegalStateException when the OS lacks what the launcher needs (not Linux ≥ 5.3)
   */
  public static PosixProcessLauncher create() {
    return new PosixProcessLauncher(IoLoop.start());
  }

  /** Whether a spawn leaves {@link DescriptorReserve#RESERVE} descriptors free. Any thread. */
  @Override
  public boolean descriptorsToSpare() {
    return reserve.allowsSpawn();
  }

  /**
   * Spawns the child described by {@code request}. Usually called from the engine's loop thread;
   * safe from any. Spawns are serialized (see {@link Spawner} on umask). The request's sinks and
   * {@code onExit} are then called on the I/O thread.
   *
   * @throws LaunchException with a supervisord-style text when the child could not be started;
   *     no descriptor or process is left behind then
   */
  @Override
  public ChildProcess launch(LaunchRequest request, Consumer<ExitStatus> onExit) throws LaunchException {
    Objects.requireNonNull(onExit, "onExit");
    if (closed) {
      throw new LaunchException("the launcher is closed, cannot spawn '" + request.label() + "'");
    }
    Spawner.Spawned s = Spawner.spawn(request);
    PosixChild child = new PosixChild(s.pid(), request.label(), s.stdin(), io, onExit);
    request.onSpawned().accept(s.pid()); // before the I/O thread may call a sink
    if (!io.register(child, s.stdout(), request.stdout(), s.stderr(), request.stderr())) {
      String reason = Native.errnoName(Native.errno());
      Native.LIBC.kill(s.pid(), 9);
      Native.LIBC.waitpid(s.pid(), new int[1], 0);
      Native.closeQuietly(s.stdin());
      Native.closeQuietly(s.stdout());
      Native.closeQuietly(s.stderr());
      throw new LaunchException("couldn't watch '" + request.label() + "' (pidfd_open: " + reason + ")");
    }
    return child;
  }

  /**
   * Opens an fcgi-program's listening socket ({@link ListeningSocket}). Loop thread usually; any.
   *
   * @throws LaunchException with the OS's reason (Python's {@code [Errno n] text})
   */
  @Override
  public SharedSocket openSharedSocket(SharedSocketSpec spec) throws LaunchException {
    return ListeningSocket.open(spec);
  }

  /**
   * Opens a child's sd_notify socket ({@link NotifySockets}: one per spawn, in a private directory
   * under {@code java.io.tmpdir}). Loop thread usually; any. {@code onDatagram} runs on the I/O thread.
   *
   * @throws LaunchException with the OS's reason
   */
  @Override
  public NotifySocket openNotifySocket(String label, Optional<String> user, Consumer<byte[]> onDatagram)
      throws LaunchException {
    if (closed) {
      throw new LaunchException("the launcher is closed, cannot open an sd_notify socket for '" + label + "'");
    }
    return notifySockets.open(label, user, onDatagram);
  }

  /**
   * Stops the I/O thread and closes every descriptor the launcher holds. Children still running are
   * not signalled, are not reaped, get no {@code onExit}, and lose their output pipes. Idempotent;
   * any thread except the I/O thread's callbacks should call it.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      io.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    notifySockets.close();
  }

  /** Watched descriptors (pipes not yet at EOF plus pidfds of unreaped children); for tests. */
  int watchedCount() {
    return io.watchedCount();
  }
}
