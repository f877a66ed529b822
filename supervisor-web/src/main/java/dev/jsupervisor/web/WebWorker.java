package dev.jsupervisor.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.ManagementRegistration;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.management.XnioServerMXBean;
import org.xnio.management.XnioWorkerMXBean;

/**
 * The XNIO worker Undertow's connections belong to: one {@link WebIoThread} and a task pool ({@code
 * web task-N}: none while nobody calls, at most {@code maxTasks}, each gone after {@code
 * keepAliveMillis} idle, work beyond that queued) for the handlers that dispatch blocking work. It
 * opens nothing itself ({@link SocketServer} binds and accepts) and starts no other thread. The pool
 * is a plain {@link ThreadPoolExecutor}: XNIO's default one registers a JMX bean, which loads the
 * platform MBean server (some 150 classes) at start-up.
 *
 * <p>Lifecycle: {@link #create} starts the I/O thread; {@link #shutdown()} or {@link #shutdownNow()}
 * (any thread, idempotent) stops it and the task pool; {@link #awaitTermination} waits for both.
 */
final class WebWorker extends XnioWorker {

  private final WebIoThread io;
  private final ThreadPoolExecutor tasks;
  private final CountDownLatch ioStopped = new CountDownLatch(1);

  private WebWorker(Builder builder, ThreadPoolExecutor tasks) throws IOException {
    super(builder);
    this.tasks = tasks;
    this.io = new WebIoThread(this, builder.getWorkerName() + " I/O", ioStopped::countDown);
  }

  /**
   * A started worker named {@code name}.
   *
   * @throws IllegalStateException when the selector cannot be opened (out of descriptors)
   */
  static WebWorker create(String name, int maxTasks, int keepAliveMillis) {
    AtomicInteger taskNumber = new AtomicInteger();
    ThreadPoolExecutor tasks = new ThreadPoolExecutor(maxTasks, maxTasks, keepAliveMillis, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + " task-" + taskNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    tasks.allowCoreThreadTimeOut(true);
    return (WebWorker) new Provider(tasks).createWorkerBuilder()
        .setWorkerName(name)
        .setExternalExecutorService(tasks)
        .build();
  }

  /** The one I/O thread. */
  WebIoThread ioThread() {
    return io;
  }

  @Override
  public void shutdown() {
    io.shutdown();
    tasks.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    io.shutdown();
    return tasks.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return io.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return ioStopped.getCount() == 0 && tasks.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    return ioStopped.await(timeout, unit)
        && tasks.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    ioStopped.await();
    while (!tasks.awaitTermination(1, TimeUnit.MINUTES)) {
      // keep waiting, as the interface says
    }
  }

  @Override
  public XnioIoThread getIoThread(int index) {
    if (index != 0) {
      throw new IllegalArgumentException("the web worker has one I/O thread, not " + (index + 1));
    }
    return io;
  }

  @Override
  public int getIoThreadCount() {
    return 1;
  }

  @Override
  protected XnioIoThread chooseThread() {
    return io;
  }

  /** No management beans: nothing here is managed through JMX. */
  @Override
  public XnioWorkerMXBean getMXBean() {
    return null;
  }

  @Override
  protected ManagementRegistration registerServerMXBean(XnioServerMXBean metrics) {
    return () -> {};
  }

  /** The XNIO "provider" the worker's builder needs; it builds {@link WebWorker}s only. */
  private static final class Provider extends Xnio {
    private final ThreadPoolExecutor tasks;

    Provider(ThreadPoolExecutor tasks) {
      super("jsupervisor-web");
      this.tasks = tasks;
    }

    @Override
    protected XnioWorker build(Builder builder) {
      try {
        WebWorker worker = new WebWorker(builder, tasks);
        worker.io.start();
        return worker;
      } catch (IOException e) {
        throw new IllegalStateException("cannot open the web server's selector: " + e.getMessage(), e);
      }
    }
  }
}
