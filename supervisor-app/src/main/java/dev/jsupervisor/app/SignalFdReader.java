package dev.jsupervisor.app;

import java.util.function.IntConsumer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Reads the signals {@link SignalTakeover} blocked from a signalfd on one daemon thread,
 * {@code signals}, and hands each signal number to a handler (which only queues a request for the
 * main thread). Signals that arrived before the reader started are pending and read first.
 */
final class SignalFdReader {
  private static final int SFD_CLOEXEC = 0x80000;
  private static final int SIGINFO_BYTES = 128;

  private SignalFdReader() {}

  /**
   * Opens the signalfd and starts the thread; called once by the daemon's main thread.
   *
   * @throws IllegalStateException when the signalfd cannot be opened
   */
  static void start(IntConsumer handler) {
    SignalTakeover.Libc libc = LibraryLoader.create(SignalTakeover.Libc.class).load("c");
    int fd = libc.signalfd(-1, SignalTakeover.takenSet(libc), SFD_CLOEXEC);
    if (fd < 0) {
      throw new IllegalStateException("signalfd failed");
    }
    Thread reader = new Thread(() -> {
      Pointer info = Memory.allocateDirect(jnr.ffi.Runtime.getRuntime(libc), SIGINFO_BYTES);
      while (true) {
        long n = libc.read(fd, info, SIGINFO_BYTES);
        if (n == SIGINFO_BYTES) {
          handler.accept(info.getInt(0)); // ssi_signo
        } else if (n < 0 && jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getRuntime(libc)) != 4 /* EINTR */) {
          return;
        }
      }
    }, "signals");
    reader.setDaemon(true);
    reader.start();
  }
}
