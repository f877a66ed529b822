package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.Libc;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * posix_spawn with pipes, a new process group, default signal dispositions, an empty signal mask,
 * the requested cwd (glibc's {@code posix_spawn_file_actions_addchdir_np}, per spawn, no global
 * state) and umask.
 *
 * <p>umask: posix_spawn has no umask action, so the JVM's own umask is swapped around the spawn
 * under {@link #SPAWN_LOCK}. Risk: a file another JVM thread creates during those microseconds gets
 * the child's umask. Every spawn takes the lock so two spawns never see each other's umask.
 *
 * <p>Descriptors: all our pipe ends are O_CLOEXEC; the child also gets
 * {@code addclosefrom_np(3)} (glibc 2.34) because the JDK opens many fds without O_CLOEXEC (files,
 * server sockets), which would otherwise leak into every child. Without that function, every fd ≥ 3
 * of the JVM is marked FD_CLOEXEC before the spawn instead (a fd opened concurrently may leak).
 */
final class Spawner {
  private static final Object SPAWN_LOCK = new Object();
  private static final short POSIX_SPAWN_SETPGROUP = 0x02;
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final int F_SETFD = 2;
  private static final int FD_CLOEXEC = 1;
  // Generous upper bounds for glibc's opaque types (x86_64: 80, 336 and 128 bytes).
  private static final int FILE_ACTIONS_SIZE = 512;
  private static final int ATTR_SIZE = 1024;
  private static final int SIGSET_SIZE = 256;

  /** A spawned child and the parent's ends of its pipes (stderr is -1 when redirected, stdin when a socket). */
  record Spawned(int pid, int stdin, int stdout, int stderr) {}

  private Spawner() {}

  static Spawned spawn(LaunchRequest r) throws LaunchException {
    checkCommand(r.argv().get(0));
    if (r.directory().isPresent()) {
      checkDirectory(r.directory().get());
    }
    List<String> argv = r.user().isPresent() ? UserSwitch.wrap(r.user().get(), r.argv()) : r.argv();
    int[] in = {-1, -1};
    int[] out = {-1, -1};
    int[] err = {-1, -1};
    int socketFd = -1;
    if (r.stdinSocket().isPresent()) {
      if (!(r.stdinSocket().get() instanceof ListeningSocket ls) || ls.isClosed()) {
        throw new LaunchException("the socket of '" + r.label() + "' is not open");
      }
      socketFd = ls.fd();
    }
    try {
      if (socketFd < 0) {
        pipe(in, r.label());
      }
      pipe(out, r.label());
      if (!r.redirectStderr()) {
        pipe(err, r.label());
      }
      int pid = spawnWithPipes(r, argv, socketFd >= 0 ? socketFd : in[0], out[1],
          r.redirectStderr() ? out[1] : err[1]);
      Native.closeQuietly(in[0]);
      Native.closeQuietly(out[1]);
      Native.closeQuietly(err[1]);
      if (in[1] >= 0) {
        Native.setNonBlocking(in[1]);
      }
      Native.setNonBlocking(out[0]);
      if (err[0] >= 0) {
        Native.setNonBlocking(err[0]);
      }
      return new Spawned(pid, in[1], out[0], err[0]);
    } catch (LaunchException | RuntimeException e) {
      for (int fd : new int[] {in[0], in[1], out[0], out[1], err[0], err[1]}) {
        Native.closeQuietly(fd);
      }
      throw e;
    }
  }

  private static void pipe(int[] fds, String label) throws LaunchException {
    int rc;
    int errno = 0;
    try (NativeArena arena = new NativeArena()) {
      long pair = arena.allocate(2 * Integer.BYTES, false);
      rc = Native.LIBC.pipe2(pair, Native.O_CLOEXEC);
      if (rc == 0) {
        fds[0] = NativeArena.MEMORY.getInt(pair);
        fds[1] = NativeArena.MEMORY.getInt(pair + Integer.BYTES);
      } else {
        errno = Native.errno();
      }
    }
    if (rc != 0) {
      fds[0] = -1;
      fds[1] = -1;
      if (errno == 24 || errno == 23) { // EMFILE, ENFILE
        throw new LaunchException("too many open files to spawn '" + label + "'");
      }
      throw new LaunchException("unknown error making dispatchers for '" + label + "': " + Native.errnoName(errno));
    }
  }

  private static int spawnWithPipes(LaunchRequest r, List<String> argv, int stdin, int stdout, int stderr)
      throws LaunchException {
    Libc c = Native.LIBC;
    try (NativeArena arena = new NativeArena()) {
      // one native block for glibc's four opaque structs and the pid
      long block = arena.allocate(FILE_ACTIONS_SIZE + ATTR_SIZE + 2 * SIGSET_SIZE + Integer.BYTES, true);
      long fa = block;
      long attr = fa + FILE_ACTIONS_SIZE;
      long sigs = attr + ATTR_SIZE;
      long all = sigs + SIGSET_SIZE;
      long pid = all + SIGSET_SIZE;
      c.posix_spawn_file_actions_init(fa);
      c.posix_spawnattr_init(attr);
      try {
        c.posix_spawn_file_actions_adddup2(fa, stdin, 0);
        c.posix_spawn_file_actions_adddup2(fa, stdout, 1);
        c.posix_spawn_file_actions_adddup2(fa, stderr, 2);
        if (r.directory().isPresent()) {
          c.posix_spawn_file_actions_addchdir_np(fa, arena.cString(r.directory().get().toString()));
        }
        boolean closefrom = c.hasAddclosefrom() && c.posix_spawn_file_actions_addclosefrom_np(fa, 3) == 0;
        c.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
        c.posix_spawnattr_setpgroup(attr, 0);
        c.sigemptyset(sigs);
        c.posix_spawnattr_setsigmask(attr, sigs);
        c.sigfillset(all);
        // glibc's sigfillset leaves out its internal signals 32 and 33, and its spawn helper then
        // sets them to SIG_IGN, which exec preserves; supervisord's children see them at default.
        NativeArena.MEMORY.putLong(all, NativeArena.MEMORY.getLong(all) | (1L << 31) | (1L << 32));
        c.posix_spawnattr_setsigdefault(attr, all);
        long cargv = arena.cStringArray(argv);
        long cenv = arena.cStringArray(environment(r.environment()));
        long path = NativeArena.MEMORY.getAddress(cargv); // argv[0] is the resolved executable
        int rc;
        synchronized (SPAWN_LOCK) {
          if (!closefrom) {
            markJvmFdsCloseOnExec();
          }
          int oldMask = r.umask().map(c::umask).orElse(-1);
          try {
            rc = c.posix_spawn(pid, path, fa, attr, cargv, cenv);
          } finally {
            if (oldMask >= 0) {
              c.umask(oldMask);
            }
          }
        }
        if (rc != 0) {
          throw new LaunchException(spawnError(r, argv.get(0), rc));
        }
        return NativeArena.MEMORY.getInt(pid);
      } finally {
        c.posix_spawnattr_destroy(attr);
        c.posix_spawn_file_actions_destroy(fa);
      }
    }
  }

  /** The fallback for glibc &lt; 2.34: no fd of ours may survive the exec. */
  private static void markJvmFdsCloseOnExec() {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path p : fds) {
        int fd = Integer.parseInt(p.getFileName().toString());
        if (fd > 2) {
          Native.LIBC.fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // best effort: without /proc the children may inherit some of the JVM's descriptors
    }
  }

  private static List<String> environment(Map<String, String> env) {
    List<String> list = new ArrayList<>(env.size());
    env.forEach((k, v) -> list.add(k + "=" + v));
    return list;
  }

  private static String spawnError(LaunchRequest r, String executable, int errno) {
    String program = r.argv().get(0);
    if (r.directory().isPresent() && !Files.isDirectory(r.directory().get())) {
      return "couldn't chdir to " + r.directory().get() + ": " + Native.errnoName(errno);
    }
    return switch (errno) {
      case 2 -> "can't find command '" + program + "'";
      case 13 -> "command at '" + program + "' is not executable";
      default -> "couldn't exec " + executable + ": " + Native.errnoName(errno);
    };
  }

  /** supervisord checks the command in the parent with these texts; failing early is clearer. */
  private static void checkCommand(String program) throws LaunchException {
    Path p = Path.of(program);
    if (!p.isAbsolute()) {
      throw new LaunchException("command '" + program + "' is not an absolute path");
    }
    if (!Files.exists(p)) {
      throw new LaunchException("can't find command '" + program + "'");
    }
    if (Files.isDirectory(p)) {
      throw new LaunchException("command at '" + program + "' is a directory");
    }
    if (!Files.isExecutable(p)) {
      throw new LaunchException("command at '" + program + "' is not executable");
    }
  }

  private static void checkDirectory(Path dir) throws LaunchException {
    if (!Files.exists(dir)) {
      throw new LaunchException("couldn't chdir to " + dir + ": ENOENT");
    }
    if (!Files.isDirectory(dir)) {
      throw new LaunchException("couldn't chdir to " + dir + ": ENOTDIR");
    }
  }
}
