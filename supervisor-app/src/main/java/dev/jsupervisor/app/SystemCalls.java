package dev.jsupervisor.app;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc calls the re-executed daemon makes about itself: the signal mask and signalfd
 * ({@link SignalTakeover}, {@link SignalFdReader}) and the process-wide calls of {@link PosixSystem}.
 * One jnr-ffi binding for all of them, generated once ({@link Loaded#LIBC}): each binding is a class
 * jnr-ffi writes at run time, and jnr-posix's, with its hundreds of functions, cost the daemon's start-up
 * more CPU than the rest of jnr-ffi's set-up. Public because jnr-ffi implements it in another class loader.
 */
public interface SystemCalls {
  /** The binding, loaded on first use (any thread); a failure shows as a {@link LinkageError} there. */
  final class Loaded {
    static final SystemCalls LIBC = LibraryLoader.create(SystemCalls.class).load("c");

    private Loaded() {}
  }

  int sigemptyset(Pointer set);

  int sigaddset(Pointer set, int signal);

  int sigismember(Pointer set, int signal);

  int pthread_sigmask(int how, Pointer set, Pointer oldSet);

  int signalfd(int fd, Pointer mask, int flags);

  long read(int fd, Pointer buffer, long count);

  long write(int fd, Pointer buffer, long count);

  int eventfd(int initval, int flags);

  int poll(Pointer fds, long nfds, int timeout);

  int close(int fd);

  int geteuid();

  /** {@code limits}: rlim_cur, rlim_max (rlim_t is 64 bits on the 64-bit Linux ABIs). */
  int getrlimit(int resource, @Out long[] limits);

  int setrlimit(int resource, @In long[] limits);

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int waitpid(int pid, @Out int[] status, int options);

  int kill(int pid, int signal);

  int open(String path, int flags, int mode);

  int dup2(int fd, int fd2);

  int umask(int mask);

  int setuid(int uid);

  int setgid(int gid);
}
