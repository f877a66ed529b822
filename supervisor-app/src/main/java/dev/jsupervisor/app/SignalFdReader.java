package dev.jsupervisor.app;

import dev.jsupervisor.core.os.posix.libc.Libc;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import java.util.function.IntConsumer;

/**
 * Reads the signals {@link SignalTakeover} blocked from a signalfd, on the daemon's main thread:
 * {@link #await} sleeps in poll(2) on the signalfd and an eventfd until a signal arrives, another
 * thread calls {@link #wake} (it queued a request for the main thread), or the timeout passes, so
 * signals need no thread of their own. Signals that arrived before the first wait are pending and
 * read then. Not thread-safe except {@link #wake}.
 */
final class SignalFdReader {
  private static final int SFD_CLOEXEC = 0x80000;
  private static final int SFD_NONBLOCK = 0x800;
  private static final int EFD_CLOEXEC = 0x80000;
  private static final int EFD_NONBLOCK = 0x800;
  private static final int SIGINFO_BYTES = 128;
  private static final short POLLIN = 0x1;
  private static final int POLLFD_BYTES = 8; // struct pollfd: int fd, short events, short revents
  private static final int EINTR = 4;

  private final SystemCalls sys;
  private final Libc libc = Libc.get();
  private final int signalFd;
  private final int wakeFd;
  // native memory for the daemon's lifetime (one reader per daemon, never freed)
  private final NativeArena memory = new NativeArena();
  private final long pollFds;
  private final long info;
  private final long counter;
  private final long one;

  private SignalFdReader(SystemCalls sys, int signalFd, int wakeFd) {
    this.sys = sys;
    this.signalFd = signalFd;
    this.wakeFd = wakeFd;
    pollFds = memory.allocate(2 * POLLFD_BYTES, true);
    NativeArena.MEMORY.putInt(pollFds, signalFd);
    NativeArena.MEMORY.putShort(pollFds + 4, POLLIN);
    NativeArena.MEMORY.putInt(pollFds + POLLFD_BYTES, wakeFd);
    NativeArena.MEMORY.putShort(pollFds + POLLFD_BYTES + 4, POLLIN);
    info = memory.allocate(SIGINFO_BYTES, false);
    counter = memory.allocate(Long.BYTES, false);
    one = memory.allocate(Long.BYTES, false);
    NativeArena.MEMORY.putLong(one, 1);
  }

  /**
   * Opens the signalfd (for the signals blocked by {@link SignalTakeover}) and the wake-up eventfd;
   * called once by the daemon's main thread.
   *
   * @throws IllegalStateException when either cannot be opened
   */
  static SignalFdReader open() {
    SystemCalls sys = SystemCalls.LIBC;
    Libc libc = Libc.get();
    int sfd;
    try (NativeArena arena = new NativeArena()) {
      sfd = sys.signalfd(-1, SignalTakeover.sigset(arena, SignalTakeover.TAKEN), SFD_CLOEXEC | SFD_NONBLOCK);
    }
    if (sfd < 0) {
      throw new IllegalStateException("signalfd failed");
    }
    int efd = libc.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (efd < 0) {
      libc.close(sfd);
      throw new IllegalStateException("eventfd failed");
    }
    return new SignalFdReader(sys, sfd, efd);
  }

  /**
   * On the main thread: waits up to {@code timeoutNanos} (rounded up to a millisecond) for a signal
   * or a {@link #wake}, then hands every pending signal's number to {@code handler}, in arrival
   * order. Returns early on a wake-up without signals. A failing poll(2) (ENOMEM) waits up to
   * 100 ms instead, so the caller's loop neither spins nor stops.
   */
  void await(long timeoutNanos, IntConsumer handler) throws InterruptedException {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (timeoutNanos + 999_999) / 1_000_000));
    int ready = sys.poll(pollFds, 2, millis);
    if (ready < 0 && libc.errno() != EINTR) {
      Thread.sleep(Math.min(millis, 100));
    }
    libc.read(wakeFd, counter, 8); // resets the eventfd; EAGAIN when nobody woke us
    while (libc.read(signalFd, info, SIGINFO_BYTES) == SIGINFO_BYTES) {
      handler.accept(NativeArena.MEMORY.getInt(info)); // ssi_signo
    }
  }

  /** Any thread: makes the main thread's {@link #await} return now (or its next one at once). */
  void wake() {
    libc.write(wakeFd, one, 8);
  }
}
