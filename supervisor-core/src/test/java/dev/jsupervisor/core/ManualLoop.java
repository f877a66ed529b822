package dev.jsupervisor.core;

import java.time.Duration;

/**
 * A {@link SupervisorLoop} stepped by hand on the test thread with a {@link FakeTimeSource}:
 * {@link #runUntilIdle()} runs posted tasks and due timers; {@link #advance} moves time to each
 * deadline in turn, firing timers in deadline order, then to the target.
 */
final class ManualLoop {
  final FakeTimeSource time;
  final SupervisorLoop loop;

  ManualLoop(FakeTimeSource time) {
    this.time = time;
    this.loop = new SupervisorLoop(time);
    loop.bindToCurrentThread();
  }

  /** Runs until there is nothing left to do at the current time. */
  void runUntilIdle() {
    while (loop.runBatch()) {
      // each batch may post more work
    }
  }

  /** Moves time forward by {@code d}, firing every timer that falls due on the way, in order. */
  void advance(Duration d) {
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
