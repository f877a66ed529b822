package dev.jsupervisor.app;

import dev.jsupervisor.core.os.posix.libc.NativeArena;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Takes SIGHUP, SIGINT, SIGQUIT and SIGTERM away from the JVM, so that SIGQUIT shuts the daemon down as
 * it does supervisord (scripts and event listeners run {@code kill -QUIT $PPID}). The JVM keeps SIGQUIT
 * for its thread dump and refuses it to {@code sun.misc.Signal}; {@code -Xrs} frees it, but then the
 * JVM refuses HUP, INT and TERM as well. So the daemon's main thread blocks the four signals (and
 * SIGCHLD) and re-executes the JVM in place (same pid, same fds 0-2, same flags) with {@code -Xrs}:
 * every thread of the new JVM inherits the blocked mask, and the main thread reads the signals from a
 * signalfd ({@link SignalFdReader}).
 * Children never inherit the mask: posix_spawn resets it, and so does the JDK's process launcher.
 *
 * <p>The re-executed JVM also gets the flags of {@link JvmTuning}: a small heap, the serial collector,
 * no periodic VM work.
 *
 * <p>Costs one extra JVM start before anything else happens; that JVM runs with the JDK's default flags
 * and its own class-data archive only, so it loads as little as it can: the three libc calls go
 * through jffi directly ({@link ExecCalls}), not jnr-ffi; the user's flags are read from the command
 * line, not from java.management ({@link JvmCommand}); and this path has no lambda or stream (the
 * first one links the JDK's lambda machinery). Off with
 * {@code -Djsupervisor.signals=jvm} (SIGQUIT then prints a thread dump; {@code jcmd} works either way:
 * under {@code -Xrs} the JVM starts its attach listener at once). Only the daemon's main thread calls this, first thing; on any failure it
 * says so on stderr and the daemon carries on with the JVM's signal handling.
 */
final class SignalTakeover {
  /** System property: {@code jvm} leaves the signals to the JVM; {@link #BLOCKED} marks the re-executed JVM. */
  static final String PROPERTY = "jsupervisor.signals";

  static final String BLOCKED = "blocked";

  static final int SIGHUP = 1;
  static final int SIGINT = 2;
  static final int SIGQUIT = 3;
  static final int SIGTERM = 15;
  static final int SIGCHLD = 17;
  /** SIGCHLD too: the main thread reaps orphans when one exits instead of looking every 2 s. */
  static final int[] TAKEN = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD};

  private static final int SIG_BLOCK = 0;
  private static final int F_SETFD = 2;
  private static final int FD_CLOEXEC = 1;
  /** The kernel's sigset_t is 64 bits; glibc's is 1024 bits, of which it reads the first 64. */
  static final int SIGSET_BYTES = 128;

  private SignalTakeover() {}

  /**
   * Re-executes this JVM with the signals blocked and {@code -Xrs}, unless this JVM is already the
   * re-executed one, the property says {@code jvm}, or this is not Linux. Returns only when it did not
   * re-execute (exec failed: the reason is on {@code err} and the mask is restored).
   *
   * @param jar the jar this JVM runs from ({@link JvmCommand#singleJar})
   * @param stub the directory of jffi's stub library that {@link JffiStub#load} chose, passed on
   */
  static void reexecIfWanted(String[] args, Optional<Path> jar, Optional<Path> stub, PrintStream err) {
    String mode = System.getProperty(PROPERTY, "");
    if (mode.equals("jvm") || mode.equals(BLOCKED) || !isLinux()) {
      return;
    }
    ExecCalls calls;
    try {
      calls = ExecCalls.load();
    } catch (RuntimeException | LinkageError e) {
      err.println("jsupervisor: cannot take SIGQUIT over (" + e + "); SIGQUIT prints a thread dump");
      return;
    }
    List<String> extra = new ArrayList<>(List.of("-Xrs", "-D" + PROPERTY + "=" + BLOCKED));
    JvmCommand.UserFlags user = JvmCommand.userFlags();
    extra.addAll(JvmTuning.flags(user.all()));
    extra.addAll(JvmTuning.archiveFlags(user.all(), jar));
    if (stub.isPresent()) {
      extra.add("-D" + JffiStub.PROPERTY + "=" + stub.get());
    }
    List<String> cmd = JvmCommand.of(user, extra);
    cmd.addAll(List.of(args));
    closeOnExec(calls);
    long[] mask;
    try {
      mask = calls.block(TAKEN);
    } catch (RuntimeException e) {
      err.println("jsupervisor: cannot take SIGQUIT over (" + e + "); SIGQUIT prints a thread dump");
      return;
    }
    int errno = calls.execv(cmd.get(0), cmd);
    calls.restoreMask(mask);
    err.println("jsupervisor: cannot re-execute " + cmd.get(0) + " to take SIGQUIT over (errno " + errno
        + "); SIGQUIT prints a thread dump");
  }

  /**
   * Whether this is the re-executed JVM and the signals are blocked in the calling thread (so they are
   * to be read with {@link SignalFdReader}, and {@code sun.misc.Signal} would refuse them).
   */
  static boolean active() {
    if (!BLOCKED.equals(System.getProperty(PROPERTY))) {
      return false;
    }
    try (NativeArena arena = new NativeArena()) {
      long current = arena.allocate(SIGSET_BYTES, true);
      if (SystemCalls.LIBC.pthread_sigmask(SIG_BLOCK, 0, current) != 0) {
        return false;
      }
      long taken = bits(TAKEN);
      return (NativeArena.MEMORY.getLong(current) & taken) == taken;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * A signal set of {@code signals}, in {@code arena}: signal n is bit n - 1 of the first 64 bits,
   * as glibc's sigaddset sets it (the kernel reads no more).
   */
  static long sigset(NativeArena arena, int[] signals) {
    long set = arena.allocate(SIGSET_BYTES, true);
    NativeArena.MEMORY.putLong(set, bits(signals));
    return set;
  }

  private static long bits(int[] signals) {
    long bits = 0;
    for (int s : signals) {
      bits |= 1L << (s - 1);
    }
    return bits;
  }

  /** Marks every fd above stderr close-on-exec: the new JVM opens its own jars and devices. */
  private static void closeOnExec(ExecCalls calls) {
    String[] fds = new File("/proc/self/fd").list(); // java.io, not a DirectoryStream: loaded already
    if (fds == null) {
      return; // without /proc the new JVM inherits a few descriptors of the old one; harmless
    }
    for (String fd : fds) {
      try {
        int n = Integer.parseInt(fd);
        if (n > 2) {
          calls.fcntl(n, F_SETFD, FD_CLOEXEC);
        }
      } catch (NumberFormatException e) {
        // not a descriptor
      }
    }
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }
}
