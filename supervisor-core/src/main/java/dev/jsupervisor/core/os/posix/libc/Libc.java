package dev.jsupervisor.core.os.posix.libc;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * The few glibc functions the launcher needs, bound through jnr-ffi. Every string and array is
 * passed as a {@link Pointer} the caller encoded (UTF-8), so the JVM's default charset never
 * matters. Functions returning -1 leave errno in {@code Runtime.getLastError()}; the posix_spawn
 * family returns the error number instead.
 */
public interface Libc {
  int posix_spawn(IntByReference pid, Pointer path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

  int posix_spawn_file_actions_init(Pointer fa);

  int posix_spawn_file_actions_destroy(Pointer fa);

  int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newfd);

  int posix_spawn_file_actions_addchdir_np(Pointer fa, Pointer path);

  int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from);

  int posix_spawnattr_init(Pointer attr);

  int posix_spawnattr_destroy(Pointer attr);

  int posix_spawnattr_setflags(Pointer attr, short flags);

  int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

  int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

  int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

  int sigemptyset(Pointer set);

  int sigfillset(Pointer set);

  int pipe2(int[] fds, int flags);

  int fcntl(int fd, int cmd, int arg);

  int umask(int mask);

  int epoll_create1(int flags);

  int epoll_ctl(int epfd, int op, int fd, Pointer event);

  int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

  int eventfd(int initval, int flags);

  long read(int fd, Pointer buf, long count);

  long write(int fd, Pointer buf, long count);

  int close(int fd);

  int kill(int pid, int signal);

  long syscall(long number, long arg1, long arg2);

  int waitpid(int pid, IntByReference status, int options);

  int socket(int domain, int type, int protocol);

  int bind(int fd, Pointer addr, int addrlen);

  int listen(int fd, int backlog);

  int setsockopt(int fd, int level, int name, Pointer value, int len);

  int chown(Pointer path, int uid, int gid);

  int chmod(Pointer path, int mode);

  long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrlen);

  long recv(int fd, Pointer buf, long len, int flags);

  int getuid();

  int getgid();
}
