package dev.jsupervisor.core;

import java.time.Duration;

/**
 * A {@link SupervisorLoop} stepped by hand on the test thread with a {@link FakeTimeSource}:
 * {@link #runUntilIdle()} runs posted tasks and due timers; {@link #advance} moves time to each
 * deadline in turn, firing timers in deadline order, then to the target. Shared with the other
 * modules' tests (core's test-jar): {@link #builder()} gives a {@link Supervisor.Builder} bound to
 * this loop and its time. Test thread only.
 */
public final class ManualLoop {
  public final FakeTimeSource time;
  final SupervisorLoop loop;

  public ManualLoop(FakeTimeSource time) {
    this.time = time;
    this.loop = new SupervisorLoop(time);
    loop.bindToCurrentThread();
  }

  public ManualLoop() {
    this(new FakeTimeSource());
  }

  /** A builder whose supervisor runs on this loop, with this loop's time. */
  public Supervisor.Builder builder() {
    return Supervisor.builder().timeSource(time).loop(loop);
  }

  /** Runs until there is nothing left to do at the current time. */
  public void runUntilIdle() {
    while (loop.runBatch()) {
      // each batch may post more work
    }
  }

  /** Moves time forward by {@code d}, firing every timer that falls due on the way, in order. */
  public void advance(Duration d) {
    long target = time.nanoTime() + d.toNanos();
    runUntilIdle();
    while (true) {
      Long next = loop.nextDeadline();
      if (next == null || next - target > 0) {
        break;
      }
      if (next - time.nanoTime() > 0) {
        time.set(next);
      }
      runUntilIdle();
    }
    time.set(target);
    runUntilIdle();
  }
}
