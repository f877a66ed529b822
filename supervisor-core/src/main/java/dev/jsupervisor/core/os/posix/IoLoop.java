package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.Libc;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.spi.DirectOutputSink;
import dev.jsupervisor.core.spi.OutputSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single I/O thread ("supervisor-io") of a launcher: one epoll set holding every child's
 * stdout/stderr read ends and a pidfd per child (readable once the child exited), the stdin write
 * ends that queued writes wait on, the sd_notify sockets of {@code readiness_probe = notify}
 * children, plus an eventfd to wake it for shutdown and for tasks ({@link #execute}).
 * Level-triggered; blocks in epoll_wait when idle.
 *
 * <p>Registration happens on the launching thread (epoll_ctl is thread-safe and an fd added while
 * epoll_wait blocks is reported by that same wait). Everything else, including closing the pipe
 * ends and pidfds, happens on the I/O thread, so a descriptor is never closed under a read.
 */
final class IoLoop implements Runnable {
  static final int CHUNK = 128 * 1024;
  private static final int EPOLL_CLOEXEC = Native.O_CLOEXEC;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLLIN = 0x001;
  private static final int EPOLLOUT = 0x004;
  private static final int EFD_NONBLOCK = Native.O_NONBLOCK;
  private static final int SYS_PIDFD_OPEN = 434;
  private static final int MAX_EVENTS = 64;
  // Bytes a reaped child may still have in a pipe: bounded by the pipe size (64 KiB default, at
  // most 1 MiB); the cap only stops a grandchild writing at full speed from starving the loop.
  private static final long DRAIN_CAP = 4L * 1024 * 1024;
  // x86_64 packs struct epoll_event (12 bytes: u32 events, u64 data); other ABIs align it to 16.
  private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"));
  private static final int EVENT_SIZE = PACKED ? 12 : 16;
  private static final int DATA_OFFSET = PACKED ? 4 : 8;

  private final Libc c = Native.LIBC;
  private final int epfd;
  private final int wakeFd;
  private final Map<Long, Object> endpoints = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong(1); // token 0 is the wake eventfd
  // Pipes are read into one direct buffer: a DirectOutputSink (a plain file log) takes it as it
  // is, so those bytes never cross the heap; other sinks get a copy in heapBuf. Page-aligned: the
  // kernel's copy from it into the page cache (most of a plain log's CPU) measured ~20 % cheaper
  // than from malloc's address (page + 16) in bench/log-formats.sh.
  private final ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK + 4096).alignedSlice(4096).limit(CHUNK).slice();
  private final long readBuf = NativeArena.MEMORY.getDirectBufferAddress(direct);
  // the eventfd's increment: written by any thread, never changed, so one block serves them all
  private static final long ONE = one();
  // I/O thread only: epoll_wait's events and the eventfd counter read back
  private final NativeArena ioMemory = new NativeArena();
  private final long events = ioMemory.allocate((long) EVENT_SIZE * MAX_EVENTS, false);
  private final long counter = ioMemory.allocate(Long.BYTES, false);
  private final byte[] heapBuf = new byte[CHUNK];
  private final Thread thread;
  private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean stopping;

  /** A child's output pipe; {@code open} turns false at EOF. I/O-thread state except creation. */
  private static final class Pipe {
    final Owner owner;
    final long token;
    final int fd;
    final OutputSink sink;
    final DirectOutputSink directSink; // the same sink when it takes the read buffer, else null
    boolean open = true;

    Pipe(Owner owner, long token, int fd, OutputSink sink) {
      this.owner = owner;
      this.token = token;
      this.fd = fd;
      this.sink = sink;
      this.directSink = sink instanceof DirectOutputSink d ? d : null;
    }
  }

  /** A stdin pipe a child's queued writes wait on; its owner deregisters it ({@link #unwatch}). */
  private record Writable(Runnable onWritable) {}

  /** A socket to read from when readable; its owner deregisters it and closes it on this thread. */
  private record Readable(int fd, Runnable onReadable) {}

  /** A child's exit watch and its pipes. */
  private static final class Owner {
    final PosixChild child;
    final int pidfd;
    final List<Pipe> pipes = new ArrayList<>(2);
    boolean exited;

    Owner(PosixChild child, int pidfd) {
      this.child = child;
      this.pidfd = pidfd;
    }
  }

  private IoLoop() {
    epfd = c.epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) {
      throw new IllegalStateException("epoll_create1 failed: " + Native.describe(Native.errno()));
    }
    wakeFd = c.eventfd(0, EFD_NONBLOCK | Native.O_CLOEXEC);
    if (wakeFd < 0 || ctl(EPOLL_CTL_ADD, wakeFd, 0) != 0) {
      int errno = Native.errno();
      Native.closeQuietly(wakeFd);
      c.close(epfd);
      throw new IllegalStateException("eventfd failed: " + Native.describe(errno));
    }
    thread = new Thread(this, "supervisor-io");
    thread.setDaemon(true);
  }

  /**
   * Creates the epoll set and starts the thread.
   *
   * @throws IllegalStateException when the kernel lacks epoll, eventfd or pidfd_open (Linux 5.3)
   */
  static IoLoop start() {
    int self = pidfdOpen(ProcessHandle.current().pid());
    if (self < 0) {
      throw new IllegalStateException("pidfd_open is not available (Linux 5.3+ needed): " + Native.describe(Native.errno()));
    }
    Native.LIBC.close(self);
    IoLoop loop = new IoLoop();
    loop.thread.start();
    return loop;
  }

  private static int pidfdOpen(long pid) {
    return (int) Native.LIBC.syscall(SYS_PIDFD_OPEN, pid, 0);
  }

  /**
   * Watches a freshly spawned child. Called on the launching thread.
   *
   * @return false when the child could not be watched (pidfd_open failed); nothing was registered
   */
  boolean register(PosixChild child, int stdout, OutputSink out, int stderr, OutputSink err) {
    int pidfd = pidfdOpen(child.pid());
    if (pidfd < 0) {
      return false;
    }
    Owner owner = new Owner(child, pidfd);
    owner.pipes.add(new Pipe(owner, tokens.getAndIncrement(), stdout, out));
    if (stderr >= 0) {
      owner.pipes.add(new Pipe(owner, tokens.getAndIncrement(), stderr, err));
    }
    for (Pipe p : owner.pipes) {
      endpoints.put(p.token, p);
      ctl(EPOLL_CTL_ADD, p.fd, p.token);
    }
    long exitToken = tokens.getAndIncrement();
    endpoints.put(exitToken, owner);
    ctl(EPOLL_CTL_ADD, pidfd, exitToken);
    return true;
  }

  /**
   * Calls {@code onWritable} on the I/O thread once {@code fd} can take more bytes, and again on
   * every wakeup until {@link #unwatch} (level-triggered). Any thread.
   *
   * @return the watch's token, or 0 when the kernel refused it
   */
  long watchWritable(int fd, Runnable onWritable) {
    long token = tokens.getAndIncrement();
    endpoints.put(token, new Writable(onWritable));
    if (ctl(EPOLL_CTL_ADD, fd, token, EPOLLOUT) != 0) {
      endpoints.remove(token);
      return 0;
    }
    return token;
  }

  /**
   * Calls {@code onReadable} on the I/O thread whenever {@code fd} has input, until {@link #unwatch}
   * (level-triggered: it must read until EAGAIN). Any thread. On {@link #stop} a descriptor still
   * watched is closed.
   *
   * @return the watch's token, or 0 when the kernel refused it
   */
  long watchReadable(int fd, Runnable onReadable) {
    long token = tokens.getAndIncrement();
    endpoints.put(token, new Readable(fd, onReadable));
    if (ctl(EPOLL_CTL_ADD, fd, token, EPOLLIN) != 0) {
      endpoints.remove(token);
      return 0;
    }
    return token;
  }

  /**
   * Runs {@code task} on the I/O thread after the current wakeup, so that it cannot race a read (a
   * descriptor closed there is never closed under a read). Any thread. Once the loop has stopped,
   * the task runs at once on the caller's thread.
   */
  void execute(Runnable task) {
    tasks.add(task);
    if (stopping) {
      runTasks();
      return;
    }
    wake();
  }

  private void wake() {
    c.write(wakeFd, ONE, Long.BYTES);
  }

  private static long one() {
    long one = NativeArena.MEMORY.allocateMemory(Long.BYTES, false); // lives as long as the class
    NativeArena.MEMORY.putLong(one, 1);
    return one;
  }

  private void runTasks() {
    Runnable t;
    while ((t = tasks.poll()) != null) {
      try {
        t.run();
      } catch (RuntimeException | Error e) {
        // a failing task must not stop the loop
      }
    }
  }

  /**
   * Ends a {@link #watchWritable} or {@link #watchReadable} watch; call before closing {@code fd}.
   * Any thread.
   *
   * @return false when it had ended already (a {@link #stop} closed a readable watch's descriptor)
   */
  boolean unwatch(long token, int fd) {
    if (endpoints.remove(token) != null) {
      c.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0);
      return true;
    }
    return false;
  }

  private int ctl(int op, int fd, long token) {
    return ctl(op, fd, token, EPOLLIN);
  }

  private int ctl(int op, int fd, long token, int events) {
    try (NativeArena arena = new NativeArena()) { // the launching thread or the I/O thread
      long ev = arena.allocate(EVENT_SIZE, false);
      NativeArena.MEMORY.putInt(ev, events);
      NativeArena.MEMORY.putLong(ev + DATA_OFFSET, token);
      return c.epoll_ctl(epfd, op, fd, ev);
    }
  }

  @Override
  public void run() {
    while (!stopping) {
      int n = c.epoll_wait(epfd, events, MAX_EVENTS, -1);
      if (n < 0) {
        if (Native.errno() == Native.EINTR) {
          continue;
        }
        throw new IllegalStateException("epoll_wait failed: " + Native.describe(Native.errno()));
      }
      for (int i = 0; i < n && !stopping; i++) {
        dispatch(NativeArena.MEMORY.getLong(events + (long) i * EVENT_SIZE + DATA_OFFSET));
      }
    }
  }

  private void dispatch(long token) {
    if (token == 0) {
      c.read(wakeFd, counter, Long.BYTES); // resets the eventfd (non-blocking; EAGAIN when already read)
      runTasks();
      return;
    }
    Object endpoint = endpoints.get(token);
    if (endpoint instanceof Pipe p) {
      // Bounded per wakeup so one chatty child cannot starve the others.
      pump(p, 4L * CHUNK);
    } else if (endpoint instanceof Owner o) {
      onExitReadable(o, token);
    } else if (endpoint instanceof Writable w) {
      w.onWritable().run();
    } else if (endpoint instanceof Readable r) {
      try {
        r.onReadable().run();
      } catch (RuntimeException | Error e) {
        // the reader failed; the socket stays watched for the next datagram
      }
    }
  }

  /**
   * Reads up to {@code budget} bytes of {@code p} into its sink, until EAGAIN; closes it at EOF or
   * on error. (Ending the turn at a short read was measured: under a flood the writer refills the
   * pipe while it is read, so it only made more epoll_wait rounds and cost more CPU.)
   */
  private void pump(Pipe p, long budget) {
    long total = 0;
    while (p.open && total < budget) {
      long n = c.read(p.fd, readBuf, CHUNK);
      if (n > 0) {
        deliver(p, (int) n);
        total += n;
      } else if (n == 0) {
        closePipe(p);
      } else {
        int errno = Native.errno();
        if (errno == Native.EAGAIN) {
          return;
        }
        if (errno != Native.EINTR) {
          closePipe(p);
        }
      }
    }
  }

  private void deliver(Pipe p, int n) {
    try {
      if (p.directSink != null) {
        direct.clear().limit(n);
        p.directSink.write(direct);
      } else {
        direct.get(0, heapBuf, 0, n);
        p.sink.write(heapBuf, 0, n);
      }
    } catch (RuntimeException | Error e) {
      // A failing sink must not stop the loop or the other children; the bytes are lost for it only.
    }
  }

  private void onExitReadable(Owner o, long token) {
    ExitStatus status = o.child.reap();
    if (status == null) {
      return;
    }
    endpoints.remove(token);
    c.epoll_ctl(epfd, EPOLL_CTL_DEL, o.pidfd, 0);
    c.close(o.pidfd);
    // Everything the child wrote before exiting is in the pipe buffers now: hand it over first.
    for (Pipe p : o.pipes) {
      pump(p, DRAIN_CAP);
    }
    o.exited = true;
    o.child.closeStdin();
    try {
      o.child.onExit().accept(status);
    } catch (RuntimeException | Error e) {
      // the engine's callback failed; nothing the launcher can do about it
    }
  }

  private void closePipe(Pipe p) {
    p.open = false;
    endpoints.remove(p.token);
    c.epoll_ctl(epfd, EPOLL_CTL_DEL, p.fd, 0);
    c.close(p.fd);
  }

  /** Stops the thread, then closes every descriptor it owned. Called once, from any thread. */
  void stop() throws InterruptedException {
    stopping = true;
    wake();
    if (Thread.currentThread() != thread) {
      thread.join();
    }
    for (Long token : List.copyOf(endpoints.keySet())) {
      Object e = endpoints.remove(token); // whoever removes a watch closes its descriptor
      if (e instanceof Pipe p) {
        c.close(p.fd);
      } else if (e instanceof Owner o) {
        c.close(o.pidfd);
        o.child.closeStdin();
      } else if (e instanceof Readable r) {
        c.close(r.fd());
      }
    }
    endpoints.clear();
    runTasks();
    c.close(wakeFd);
    c.close(epfd);
    ioMemory.close();
  }

  /** The number of descriptors currently watched (pipes and pidfds), for tests. */
  int watchedCount() {
    return endpoints.size();
  }
}
