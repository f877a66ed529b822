package dev.jsupervisor.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.xnio.ManagementRegistration;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.management.XnioServerMXBean;
import org.xnio.management.XnioWorkerMXBean;

/**
 * The XNIO worker Undertow's connections belong to: one {@link WebIoThread} and XNIO's own task
 * pool ({@code web task-N}: none while nobody calls, at most {@code maxTasks}, each gone after
 * {@code keepAliveMillis} idle) for the handlers that dispatch blocking work. It opens nothing
 * itself ({@link SocketServer} binds and accepts), registers no JMX beans and starts no other thread.
 *
 * <p>Lifecycle: {@link #create} starts the I/O thread; {@link #shutdown()} or {@link #shutdownNow()}
 * (any thread, idempotent) stops it and the task pool; {@link #awaitTermination} waits for both.
 */
final class WebWorker extends XnioWorker {

  private final WebIoThread io;
  private final CountDownLatch ioStopped = new CountDownLatch(1);
  private final CountDownLatch tasksStopped = new CountDownLatch(1);
  private volatile boolean shutdown;

  private WebWorker(Builder builder) throws IOException {
    super(builder);
    this.io = new WebIoThread(this, builder.getWorkerName() + " I/O", this::ioThreadExited);
  }

  /**
   * A started worker named {@code name}.
   *
   * @throws IllegalStateException when the selector cannot be opened (out of descriptors)
   */
  static WebWorker create(String name, int maxTasks, int keepAliveMillis) {
    return (WebWorker) new Provider().createWorkerBuilder()
        .setWorkerName(name)
        .setCoreWorkerPoolSize(0)
        .setMaxWorkerPoolSize(maxTasks)
        .setWorkerKeepAlive(keepAliveMillis)
        .setDaemon(true)
        .build();
  }

  /** The one I/O thread. */
  WebIoThread ioThread() {
    return io;
  }

  private void ioThreadExited() {
    ioStopped.countDown();
    shutDownTaskPool();
  }

  @Override
  protected void taskPoolTerminated() {
    tasksStopped.countDown();
  }

  @Override
  public void shutdown() {
    shutdown = true;
    io.shutdown();
    shutDownTaskPool();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    io.shutdown();
    return shutDownTaskPoolNow();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return ioStopped.getCount() == 0 && tasksStopped.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    return ioStopped.await(timeout, unit)
        && tasksStopped.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    ioStopped.await();
    tasksStopped.await();
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
    Provider() {
      super("jsupervisor-web");
    }

    @Override
    protected XnioWorker build(Builder builder) {
      try {
        WebWorker worker = new WebWorker(builder);
        worker.io.start();
        return worker;
      } catch (IOException e) {
        throw new IllegalStateException("cannot open the web server's selector: " + e.getMessage(), e);
      }
    }
  }
}
