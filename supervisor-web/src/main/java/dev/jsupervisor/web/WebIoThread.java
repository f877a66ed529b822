package dev.jsupervisor.web;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoFactory;
import org.xnio.XnioIoThread;
import org.xnio.ChannelPipe;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * The web server's one I/O thread ({@code web I/O}): a JDK selector over every listening socket
 * (inet and unix) and every open connection, and Undertow's I/O thread for all of them: readiness
 * calls Undertow's read and write handlers right here, and the tasks and timers Undertow and our
 * handlers post to {@link #execute}, {@link #executeAfter} and {@link #executeAtInterval} run here
 * between selects. Nothing else ever runs on it, and nothing on it blocks.
 *
 * <p>It replaces XNIO's NIO worker (an I/O thread and an accept thread of its own, plus a selector
 * thread of ours for the unix sockets that XNIO cannot open): one thread, no hand-off between a
 * selector and the thread that reads.
 *
 * <p>Any thread may post; after {@link #shutdown()} posting throws {@link
 * RejectedExecutionException}, as XNIO's threads do. A task or timer that throws is logged and the
 * thread goes on.
 */
final class WebIoThread extends XnioIoThread {

  private static final System.Logger LOG = System.getLogger(WebIoThread.class.getName());

  /** What a selection key's attachment is: told the key's ready set, on this thread. */
  interface Ready {
    void ready(SelectionKey key);
  }

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** This thread only: pending timers by deadline. */
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final AtomicLong timerSeq = new AtomicLong();
  private final Runnable onExit;
  private volatile boolean shutdown;

  WebIoThread(WebWorker worker, String name, Runnable onExit) throws IOException {
    super(worker, 0, name);
    this.selector = Selector.open();
    this.onExit = onExit;
    setDaemon(true);
  }

  /**
   * Registers {@code channel} (non-blocking) with this thread's selector for {@code ops}, its
   * readiness going to {@code attachment}. Any thread; takes effect at once.
   */
  SelectionKey register(SelectableChannel channel, int ops, Ready attachment) throws ClosedChannelException {
    SelectionKey key = channel.register(selector, ops, attachment);
    wakeup();
    return key;
  }

  /** Makes an interest change made from another thread take effect now. Any thread. */
  void wakeup() {
    if (Thread.currentThread() != this) {
      selector.wakeup();
    }
  }

  /** Stops the thread after the current round; tasks still queued are dropped. Any thread. */
  void shutdown() {
    shutdown = true;
    selector.wakeup();
  }

  /** Whether {@link #shutdown()} was called or the thread has ended. Any thread. */
  boolean isShutdown() {
    return shutdown;
  }

  @Override
  public void run() {
    try {
      while (!shutdown) {
        long wait = runDueTimers();
        if (tasks.isEmpty()) {
          selector.select(this::onReady, wait);
        } else {
          selector.selectNow(this::onReady);
        }
        runTasks();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!shutdown) {
        LOG.log(Level.ERROR, getName() + " stopped serving", e);
      }
    } finally {
      shutdown = true;
      tasks.clear();
      timers.clear();
      try {
        selector.close();
      } catch (IOException e) {
        // closing anyway
      }
      onExit.run();
    }
  }

  private void onReady(SelectionKey key) {
    if (key.isValid() && key.attachment() instanceof Ready ready) {
      try {
        ready.ready(key);
      } catch (RuntimeException e) { // one connection's trouble must not stop the others
        LOG.log(Level.WARNING, "a connection failed on " + getName(), e);
      }
    }
  }

  private void runTasks() {
    // only what is queued now: a task that re-posts itself waits for the next round
    for (int n = tasks.size(); n > 0 && !shutdown; n--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      safeRun(task);
    }
  }

  /** Runs the timers that are due; returns the select timeout until the next one (0: none). */
  private long runDueTimers() {
    long now = System.nanoTime();
    Timer next;
    while ((next = timers.peek()) != null && next.deadline - now <= 0) {
      timers.poll();
      if (next.fire()) {
        safeRun(next.task);
        if (next.interval > 0 && !next.removed()) {
          next.deadline += next.interval;
          if (next.deadline - now <= 0) {
            next.deadline = now + next.interval;
          }
          timers.add(next);
        }
      }
    }
    return next == null ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.deadline - now + 999_999));
  }

  private void safeRun(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) { // a handler's failure must not stop the web server
      LOG.log(Level.WARNING, "a task failed on " + getName(), t);
    }
  }

  @Override
  public void execute(Runnable command) {
    if (shutdown) {
      throw new RejectedExecutionException(getName() + " is shut down");
    }
    tasks.add(command);
    wakeup();
  }

  @Override
  public XnioExecutor.Key executeAfter(Runnable command, long time, TimeUnit unit) {
    return schedule(command, unit.toNanos(time), 0);
  }

  @Override
  public XnioExecutor.Key executeAtInterval(Runnable command, long time, TimeUnit unit) {
    long interval = Math.max(1, unit.toNanos(time));
    return schedule(command, interval, interval);
  }

  private XnioExecutor.Key schedule(Runnable command, long delayNanos, long interval) {
    Timer timer = new Timer(command, System.nanoTime() + Math.max(0, delayNanos), interval, timerSeq.incrementAndGet());
    if (Thread.currentThread() == this) {
      if (shutdown) {
        throw new RejectedExecutionException(getName() + " is shut down");
      }
      timers.add(timer);
    } else {
      execute(() -> timers.add(timer));
    }
    return timer;
  }

  /** A task due at a deadline (and again every {@code interval} ns if that is positive). */
  private static final class Timer implements XnioExecutor.Key, Comparable<Timer> {
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int REMOVED = 2;

    final Runnable task;
    final long interval;
    final long seq;
    long deadline;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    Timer(Runnable task, long deadline, long interval, long seq) {
      this.task = task;
      this.deadline = deadline;
      this.interval = interval;
      this.seq = seq;
    }

    /** This thread: whether the timer is to run now; a one-shot timer fires once. */
    boolean fire() {
      return interval > 0 ? state.get() == PENDING : state.compareAndSet(PENDING, FIRED);
    }

    boolean removed() {
      return state.get() == REMOVED;
    }

    /** Any thread: true if this stopped a run (the entry is skipped when its deadline comes). */
    @Override
    public boolean remove() {
      return state.compareAndSet(PENDING, REMOVED);
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadline - o.deadline, 0);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  // XNIO's factory methods for outbound connections and pipes: the web server only accepts.

  @Override
  public ChannelPipe<StreamConnection, StreamConnection> createFullDuplexPipeConnection(XnioIoFactory peer) {
    throw new UnsupportedOperationException("the web I/O thread makes no pipes");
  }

  @Override
  public ChannelPipe<StreamSourceChannel, StreamSinkChannel> createHalfDuplexPipe(XnioIoFactory peer) {
    throw new UnsupportedOperationException("the web I/O thread makes no pipes");
  }
}
