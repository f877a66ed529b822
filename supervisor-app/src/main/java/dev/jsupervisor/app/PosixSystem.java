package dev.jsupervisor.app;

import dev.jsupervisor.core.os.posix.libc.Libc;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The few process-wide OS calls the daemon makes about itself (not about its children): its pid and
 * euid, resource limits (supervisord's {@code minfds}/{@code minprocs}), the child-subreaper flag,
 * and dropping privileges ({@code [supervisord] user}). Called from the daemon's main thread at
 * start-up; every method reports failure by return value or exception text, never by crashing.
 *
 * <p>Through the app's own small binding ({@link SystemCalls}) and the engine's {@link Libc};
 * jnr-posix, whose binding of hundreds of functions costs about 0.1 s of start-up CPU to generate,
 * only to look a user up for {@link #switchUser}.
 */
final class PosixSystem {
  private static final int RLIMIT_NPROC = 6;
  private static final int RLIMIT_NOFILE = 7;
  private static final int PR_SET_CHILD_SUBREAPER = 36;

  private final SystemCalls sys = SystemCalls.LIBC;
  private final Libc libc = Libc.get();

  /** The daemon's own pid. */
  public int pid() {
    return (int) ProcessHandle.current().pid();
  }

  /** The effective uid (0 = root). */
  public int euid() {
    return sys.geteuid();
  }

  /**
   * Raises the soft (and if needed the hard) limit on open files to at least {@code minimum}, as
   * supervisord does for {@code minfds}.
   *
   * @return a message to log when the limit was raised, empty when nothing was needed
   * @throws IllegalStateException with supervisord's explanation when the limit cannot be raised
   */
  public java.util.Optional<String> ensureOpenFiles(long minimum) {
    return ensureLimit(RLIMIT_NOFILE, minimum, "RLIMIT_NOFILE", "minfds",
        "The minimum number of file descriptors required to run this process is %d as per the "
            + "\"minfds\" command-line argument or config file setting. The current environment will "
            + "only allow you to open %d file descriptors.  Either raise the number of usable file "
            + "descriptors in your environment (see README.rst) or lower the minfds setting in the "
            + "config file to allow the process to start.");
  }

  /** As {@link #ensureOpenFiles} for the number of processes ({@code minprocs}). */
  public java.util.Optional<String> ensureProcesses(long minimum) {
    return ensureLimit(RLIMIT_NPROC, minimum, "RLIMIT_NPROC", "minprocs",
        "The minimum number of available processes required to run this program is %d as per the "
            + "\"minprocs\" command-line argument or config file setting. The current environment "
            + "will only allow you to open %d processes.  Either raise the number of usable processes "
            + "in your environment (see README.rst) or lower the minprocs setting in the config file "
            + "to allow the program to start.");
  }

  private java.util.Optional<String> ensureLimit(int resource, long minimum, String name, String key, String error) {
    long[] current = new long[2];
    if (sys.getrlimit(resource, current) != 0) {
      return java.util.Optional.empty(); // not a resource this kernel knows: nothing to raise
    }
    long soft = current[0];
    long hard = current[1];
    if (soft < 0 || soft >= minimum) { // negative: RLIM_INFINITY read as unsigned overflow
      return java.util.Optional.empty();
    }
    long newHard = hard >= 0 && hard < minimum ? minimum : hard;
    if (sys.setrlimit(resource, new long[] {minimum, newHard}) != 0) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, error, minimum, soft));
    }
    return java.util.Optional.of("Increased " + name + " limit to " + minimum);
  }

  /**
   * Makes this process the reaper of orphaned descendants (Linux PR_SET_CHILD_SUBREAPER), so that
   * grandchildren whose parent died are re-parented here instead of to init.
   *
   * @return whether the kernel accepted it
   */
  public boolean becomeChildSubreaper() {
    return sys.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
  }

  /**
   * Reaps {@code pid} if it is a zombie child of ours (waitpid with WNOHANG).
   *
   * @return whether it was reaped
   */
  public boolean reapIfZombie(int pid) {
    int[] status = new int[1];
    return libc.waitpid(pid, status, 1 /* WNOHANG */) == pid;
  }

  /**
   * Drops privileges to {@code user} (name or uid) for {@code [supervisord] user}.
   *
   * @throws IllegalStateException with supervisord's text when the user is unknown or we are not root
   */
  public void switchUser(String user) {
    POSIX posix = POSIXFactory.getNativePOSIX();
    jnr.posix.Passwd pw = user.chars().allMatch(Character::isDigit) ? posix.getpwuid(Integer.parseInt(user)) : posix.getpwnam(user);
    if (pw == null) {
      throw new IllegalStateException("Invalid user name " + user);
    }
    int uid = (int) pw.getUID();
    if (uid == sys.geteuid()) {
      return;
    }
    if (sys.geteuid() != 0) {
      throw new IllegalStateException("Can't drop privilege as nonroot user");
    }
    if (sys.setgid((int) pw.getGID()) != 0 || sys.setuid(uid) != 0) {
      throw new IllegalStateException("Could not set user id of process to " + uid);
    }
  }

  /** Sends {@code signal} to {@code pid} (a negative pid: a process group); returns kill(2)'s result. */
  public int kill(int pid, int signal) {
    return libc.kill(pid, signal);
  }

  /** Points fds 1 and 2 at /dev/null (a detached daemon whose launcher is gone); failures are ignored. */
  public void redirectStdioToDevNull() {
    int fd = sys.open("/dev/null", 1 /* O_WRONLY */, 0);
    if (fd < 0) {
      return;
    }
    sys.dup2(fd, 1);
    sys.dup2(fd, 2);
    if (fd > 2) {
      libc.close(fd);
    }
  }

  /** Sets the process umask; returns the previous one. */
  public int umask(int mask) {
    return libc.umask(mask);
  }
}
