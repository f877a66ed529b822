package dev.jsupervisor.core;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands copies of a child's output chunks from the launcher's I/O thread to the loop, with at most
 * {@code limit} bytes on their way at a time, so a child that writes faster than the loop reads
 * costs bounded memory. {@link #offer} on the I/O thread; {@link #post} from any thread.
 */
final class OutputHandoff {
  private final SupervisorLoop loop;
  private final long limit;
  private final AtomicLong inFlight = new AtomicLong();

  OutputHandoff(SupervisorLoop loop, long limit) {
    this.loop = loop;
    this.limit = limit;
  }

  /**
   * Copies {@code buf[off, off+len)} and runs {@code onLoop} with the copy on the loop thread.
   *
   * @return false, having posted nothing, when that would put more than the limit on its way
   */
  boolean offer(byte[] buf, int off, int len, Consumer<byte[]> onLoop) {
    if (inFlight.addAndGet(len) > limit) {
      inFlight.addAndGet(-len);
      return false;
    }
    byte[] copy = Arrays.copyOfRange(buf, off, off + len);
    post(() -> {
      inFlight.addAndGet(-copy.length);
      onLoop.accept(copy);
    });
    return true;
  }

  /** Runs {@code task} on the loop; once the supervisor has terminated there is nobody to run it for. */
  void post(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // terminated
    }
  }
}
