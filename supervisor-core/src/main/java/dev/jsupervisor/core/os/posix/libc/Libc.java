package dev.jsupervisor.core.os.posix.libc;

import static com.kenai.jffi.Type.POINTER;
import static com.kenai.jffi.Type.SINT;
import static com.kenai.jffi.Type.SLONG;
import static com.kenai.jffi.Type.SSHORT;

import com.kenai.jffi.Type;

/**
 * The glibc functions the launcher needs (the daemon uses them too, with a few of its own in the
 * app's {@code SystemCalls}), each a {@link CFunction}. Pointers are native addresses (longs),
 * strings and arrays UTF-8 copies the caller made ({@link NativeArena}; waitpid's status comes back
 * in an {@code int[]}), so the JVM's default charset never matters. Functions returning -1 leave
 * errno in {@link #errno()}; the posix_spawn family returns the error number instead. Not API.
 * Immutable; any thread.
 */
public final class Libc {
  private final CFunction posixSpawn = f("posix_spawn", SINT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER);
  private final CFunction faInit = f("posix_spawn_file_actions_init", SINT, POINTER);
  private final CFunction faDestroy = f("posix_spawn_file_actions_destroy", SINT, POINTER);
  private final CFunction faDup2 = f("posix_spawn_file_actions_adddup2", SINT, POINTER, SINT, SINT);
  private final CFunction faChdir = f("posix_spawn_file_actions_addchdir_np", SINT, POINTER, POINTER);
  // glibc 2.34; null before
  private final CFunction faClosefrom = CFunction.find("posix_spawn_file_actions_addclosefrom_np", SINT, POINTER, SINT);
  private final CFunction attrInit = f("posix_spawnattr_init", SINT, POINTER);
  private final CFunction attrDestroy = f("posix_spawnattr_destroy", SINT, POINTER);
  private final CFunction attrSetflags = f("posix_spawnattr_setflags", SINT, POINTER, SSHORT);
  private final CFunction attrSetpgroup = f("posix_spawnattr_setpgroup", SINT, POINTER, SINT);
  private final CFunction attrSetsigmask = f("posix_spawnattr_setsigmask", SINT, POINTER, POINTER);
  private final CFunction attrSetsigdefault = f("posix_spawnattr_setsigdefault", SINT, POINTER, POINTER);
  private final CFunction sigemptyset = f("sigemptyset", SINT, POINTER);
  private final CFunction sigfillset = f("sigfillset", SINT, POINTER);
  private final CFunction pipe2 = f("pipe2", SINT, POINTER, SINT);
  private final CFunction fcntl = f("fcntl", SINT, SINT, SINT, SINT);
  private final CFunction umask = f("umask", SINT, SINT);
  private final CFunction epollCreate1 = f("epoll_create1", SINT, SINT);
  private final CFunction epollCtl = f("epoll_ctl", SINT, SINT, SINT, SINT, POINTER);
  private final CFunction epollWait = f("epoll_wait", SINT, SINT, POINTER, SINT, SINT);
  private final CFunction eventfd = f("eventfd", SINT, SINT, SINT);
  private final CFunction read = f("read", SLONG, SINT, POINTER, SLONG);
  private final CFunction write = f("write", SLONG, SINT, POINTER, SLONG);
  private final CFunction close = f("close", SINT, SINT);
  private final CFunction kill = f("kill", SINT, SINT, SINT);
  private final CFunction syscall2 = f("syscall", SLONG, SLONG, SLONG, SLONG);
  private final CFunction waitpid = f("waitpid", SINT, SINT, POINTER, SINT);
  private final CFunction socket = f("socket", SINT, SINT, SINT, SINT);
  private final CFunction bind = f("bind", SINT, SINT, POINTER, SINT);
  private final CFunction listen = f("listen", SINT, SINT, SINT);
  private final CFunction setsockopt = f("setsockopt", SINT, SINT, SINT, SINT, POINTER, SINT);
  private final CFunction chown = f("chown", SINT, POINTER, SINT, SINT);
  private final CFunction chmod = f("chmod", SINT, POINTER, SINT);
  private final CFunction sendto = f("sendto", SLONG, SINT, POINTER, SLONG, SINT, POINTER, SINT);
  private final CFunction recv = f("recv", SLONG, SINT, POINTER, SLONG, SINT);
  private final CFunction getuid = f("getuid", SINT);
  private final CFunction getgid = f("getgid", SINT);

  private Libc() {}

  /**
   * The process's one instance: every function looked up on first use (any thread); the engine's
   * launcher and the daemon share it.
   *
   * @throws UnsatisfiedLinkError when this is not a 64-bit JVM ({@link NativeArena} writes 8-byte
   *     pointers), or jffi's stub library or one of the functions is missing
   */
  public static Libc get() {
    return Shared.LIBC;
  }

  private static final class Shared {
    static final Libc LIBC = load();

    private static Libc load() {
      if (!"64".equals(System.getProperty("sun.arch.data.model"))) {
        throw new UnsatisfiedLinkError("the Linux launcher needs a 64-bit JVM");
      }
      return new Libc();
    }
  }

  private static CFunction f(String name, Type result, Type... params) {
    return CFunction.of(name, result, params);
  }

  /** errno of this thread's last call. */
  public int errno() {
    return CFunction.errno();
  }

  public int posix_spawn(long pidOut, long path, long fileActions, long attr, long argv, long envp) {
    return (int) posixSpawn.call(pidOut, path, fileActions, attr, argv, envp);
  }

  public int posix_spawn_file_actions_init(long fa) {
    return (int) faInit.call(fa);
  }

  public int posix_spawn_file_actions_destroy(long fa) {
    return (int) faDestroy.call(fa);
  }

  public int posix_spawn_file_actions_adddup2(long fa, int fd, int newfd) {
    return (int) faDup2.call(fa, fd, newfd);
  }

  public int posix_spawn_file_actions_addchdir_np(long fa, long path) {
    return (int) faChdir.call(fa, path);
  }

  /** Whether glibc has {@link #posix_spawn_file_actions_addclosefrom_np} (2.34 and later). */
  public boolean hasAddclosefrom() {
    return faClosefrom != null;
  }

  /** @throws UnsatisfiedLinkError before glibc 2.34 ({@link #hasAddclosefrom}) */
  public int posix_spawn_file_actions_addclosefrom_np(long fa, int from) {
    if (faClosefrom == null) {
      throw new UnsatisfiedLinkError("posix_spawn_file_actions_addclosefrom_np needs glibc 2.34");
    }
    return (int) faClosefrom.call(fa, from);
  }

  public int posix_spawnattr_init(long attr) {
    return (int) attrInit.call(attr);
  }

  public int posix_spawnattr_destroy(long attr) {
    return (int) attrDestroy.call(attr);
  }

  public int posix_spawnattr_setflags(long attr, short flags) {
    return (int) attrSetflags.call(attr, flags);
  }

  public int posix_spawnattr_setpgroup(long attr, int pgroup) {
    return (int) attrSetpgroup.call(attr, pgroup);
  }

  public int posix_spawnattr_setsigmask(long attr, long sigset) {
    return (int) attrSetsigmask.call(attr, sigset);
  }

  public int posix_spawnattr_setsigdefault(long attr, long sigset) {
    return (int) attrSetsigdefault.call(attr, sigset);
  }

  public int sigemptyset(long set) {
    return (int) sigemptyset.call(set);
  }

  public int sigfillset(long set) {
    return (int) sigfillset.call(set);
  }

  /** @param fds the address of an {@code int[2]} */
  public int pipe2(long fds, int flags) {
    return (int) pipe2.call(fds, flags);
  }

  public int fcntl(int fd, int cmd, int arg) {
    return (int) fcntl.call(fd, cmd, arg);
  }

  public int umask(int mask) {
    return (int) umask.call(mask);
  }

  public int epoll_create1(int flags) {
    return (int) epollCreate1.call(flags);
  }

  public int epoll_ctl(int epfd, int op, int fd, long event) {
    return (int) epollCtl.call(epfd, op, fd, event);
  }

  public int epoll_wait(int epfd, long events, int maxevents, int timeout) {
    return (int) epollWait.call(epfd, events, maxevents, timeout);
  }

  public int eventfd(int initval, int flags) {
    return (int) eventfd.call(initval, flags);
  }

  public long read(int fd, long buf, long count) {
    return read.call(fd, buf, count);
  }

  public long write(int fd, long buf, long count) {
    return write.call(fd, buf, count);
  }

  public int close(int fd) {
    return (int) close.call(fd);
  }

  public int kill(int pid, int signal) {
    return (int) kill.call(pid, signal);
  }

  public long syscall(long number, long arg1, long arg2) {
    return syscall2.call(number, arg1, arg2);
  }

  /** waitpid(2) with the wait status copied into {@code status[0]}. */
  public int waitpid(int pid, int[] status, int options) {
    try (NativeArena arena = new NativeArena()) {
      long at = arena.allocate(Integer.BYTES, true);
      int rc = (int) waitpid.call(pid, at, options);
      status[0] = NativeArena.MEMORY.getInt(at);
      return rc;
    }
  }

  public int socket(int domain, int type, int protocol) {
    return (int) socket.call(domain, type, protocol);
  }

  public int bind(int fd, long addr, int addrlen) {
    return (int) bind.call(fd, addr, addrlen);
  }

  public int listen(int fd, int backlog) {
    return (int) listen.call(fd, backlog);
  }

  public int setsockopt(int fd, int level, int name, long value, int len) {
    return (int) setsockopt.call(fd, level, name, value, len);
  }

  public int chown(long path, int uid, int gid) {
    return (int) chown.call(path, uid, gid);
  }

  public int chmod(long path, int mode) {
    return (int) chmod.call(path, mode);
  }

  public long sendto(int fd, long buf, long len, int flags, long addr, int addrlen) {
    return sendto.call(fd, buf, len, flags, addr, addrlen);
  }

  public long recv(int fd, long buf, long len, int flags) {
    return recv.call(fd, buf, len, flags);
  }

  public int getuid() {
    return (int) getuid.call();
  }

  public int getgid() {
    return (int) getgid.call();
  }
}
