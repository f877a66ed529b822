package dev.jsupervisor.core.log;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread ({@code supervisor-gzip}) that compresses rotated log files, so the I/O thread
 * only renames. Started on first use, a daemon thread that ends after a minute without work; jobs
 * run one at a time in the order given. Any thread may submit.
 */
final class Compressor {
  private static final ThreadPoolExecutor EXECUTOR = newExecutor();

  private Compressor() {}

  private static ThreadPoolExecutor newExecutor() {
    ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "supervisor-gzip");
      t.setDaemon(true);
      return t;
    });
    e.allowCoreThreadTimeOut(true);
    return e;
  }

  /** The shared executor. */
  static Executor executor() {
    return EXECUTOR;
  }
}
