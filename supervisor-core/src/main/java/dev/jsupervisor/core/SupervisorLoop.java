package dev.jsupervisor.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer of the engine: one thread ({@code supervisor-loop}) runs posted tasks and due
 * timers, then an after-batch hook (snapshot publication, event flushing), then blocks until the next
 * timer deadline or the next posted task. No polling, no sleeps.
 *
 * <p>Tests drive the same class by hand instead of starting the thread ({@link #bindToCurrentThread},
 * {@link #runBatch}, {@link #nextDeadline}); see ManualLoop in the tests.
 *
 * <p>Deadlines are {@link TimeSource#nanoTime()} values and are always compared by subtraction
 * ({@code a - b < 0}), so a time source that starts near {@code Long.MAX_VALUE} works.
 */
final class SupervisorLoop implements Executor {
  private static final System.Logger LOG = System.getLogger(SupervisorLoop.class.getName());

  private final TimeSource time;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  /** Posted tasks; guarded by {@link #lock}. */
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  /** Loop-owned: only the loop thread touches the heap. */
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long timerSeq;
  private boolean stopRequested; // guarded by lock
  private boolean closed; // guarded by lock
  private volatile Thread owner;
  private Runnable afterBatch = () -> {};
  private Thread thread;

  SupervisorLoop(TimeSource time) {
    this.time = time;
  }

  TimeSource time() {
    return time;
  }

  /** Set once before the loop runs; called on the loop thread after every batch. */
  void afterBatch(Runnable hook) {
    this.afterBatch = hook;
  }

  /** A timer that can be cancelled; cancelling a fired or cancelled timer does nothing. */
  final class Timer implements Comparable<Timer> {
    private final long deadline;
    private final long seq;
    private final Runnable action;
    private boolean cancelled;

    private Timer(long deadline, long seq, Runnable action) {
      this.deadline = deadline;
      this.seq = seq;
      this.action = action;
    }

    /** Loop thread only. */
    void cancel() {
      if (!cancelled) {
        cancelled = true;
        timers.remove(this);
      }
    }

    boolean isPending() {
      return !cancelled;
    }

    @Override
    public int compareTo(Timer o) {
      long d = deadline - o.deadline;
      return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
    }
  }

  /**
   * Posts a task; any thread. Tasks run in posting order on the loop thread.
   *
   * @throws RejectedExecutionException once the loop has terminated
   */
  @Override
  public void execute(Runnable task) {
    lock.lock();
    try {
      if (closed) {
        throw new RejectedExecutionException("the supervisor loop has terminated");
      }
      tasks.add(task);
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Schedules {@code action} after {@code delay}; loop thread only. */
  Timer schedule(Duration delay, Runnable action) {
    checkInLoop();
    long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
    Timer t = new Timer(time.nanoTime() + nanos, timerSeq++, action);
    timers.add(t);
    return t;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /** Throws IllegalStateException unless called on the thread that owns the loop. */
  /** Whether the caller is the thread currently running the loop's work. */
  boolean inLoop() {
    return owner == Thread.currentThread();
  }

  void checkInLoop() {
    Thread o = owner;
    if (o != null && o != Thread.currentThread()) {
      throw new IllegalStateException(
          "called on " + Thread.currentThread().getName() + ", not on the loop thread " + o.getName());
    }
  }

  /** Manual mode: the calling thread becomes the loop thread (tests). */
  void bindToCurrentThread() {
    owner = Thread.currentThread();
  }

  /** Starts the {@code supervisor-loop} thread; {@code first} runs before any posted task. */
  void start(Runnable first) {
    thread = new Thread(() -> run(first), "supervisor-loop");
    thread.setDaemon(true);
    thread.start();
  }

  boolean isThreaded() {
    return thread != null;
  }

  /** Asks the loop thread to finish: it drains posted tasks, then exits. Any thread. */
  void requestStop() {
    lock.lock();
    try {
      stopRequested = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run(Runnable first) {
    owner = Thread.currentThread();
    guarded(first);
    while (true) {
      runBatch();
      lock.lock();
      try {
        if (stopRequested && tasks.isEmpty()) {
          closed = true;
          return;
        }
        if (tasks.isEmpty()) {
          awaitWork();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Called with the lock held: blocks until a task arrives, a deadline passes, or stop. */
  private void awaitWork() {
    Timer next = timers.peek();
    try {
      if (next == null) {
        wake.await();
      } else {
        long wait = next.deadline - time.nanoTime();
        if (wait > 0) {
          wake.awaitNanos(wait);
        }
      }
    } catch (InterruptedException e) {
      // The loop is a daemon worker; an interrupt only means "look again".
      Thread.interrupted();
    }
  }

  /**
   * Runs posted tasks and due timers until none is left, then the after-batch hook. Loop thread
   * only; returns whether anything ran.
   */
  boolean runBatch() {
    checkInLoop();
    boolean any = false;
    while (true) {
      List<Runnable> batch = drainTasks();
      for (Runnable r : batch) {
        guarded(r);
      }
      Timer due = pollDueTimer();
      if (due != null) {
        guarded(due.action);
      }
      if (batch.isEmpty() && due == null) {
        break;
      }
      any = true;
    }
    guarded(afterBatch);
    return any;
  }

  private List<Runnable> drainTasks() {
    lock.lock();
    try {
      List<Runnable> out = new ArrayList<>(tasks);
      tasks.clear();
      return out;
    } finally {
      lock.unlock();
    }
  }

  private Timer pollDueTimer() {
    Timer t = timers.peek();
    if (t == null || t.deadline - time.nanoTime() > 0) {
      return null;
    }
    timers.poll();
    t.cancelled = true;
    return t;
  }

  /** The earliest pending deadline, or null; loop thread only (tests). */
  Long nextDeadline() {
    Timer t = timers.peek();
    return t == null ? null : t.deadline;
  }

  /** Whether tasks are waiting; any thread. */
  boolean hasPendingTasks() {
    lock.lock();
    try {
      return !tasks.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Number of pending timers (tests, diagnostics); loop thread only. */
  int pendingTimers() {
    return timers.size();
  }

  /** Waits for the loop thread to end; any thread but the loop. */
  boolean join(Duration timeout) throws InterruptedException {
    if (thread == null) {
      return true;
    }
    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(saturatedNanos(timeout))));
    return !thread.isAlive();
  }

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      // A bad task must not kill the loop: log and go on with the next one.
      LOG.log(System.Logger.Level.ERROR, "Exception thrown by a task on the supervisor loop", t);
    }
  }
}
