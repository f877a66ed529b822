package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A Supervisor on a ManualLoop with fake time, a FakeLauncher and recorders: one per test. */
final class Harness {
  final FakeTimeSource time;
  final ManualLoop loop;
  final FakeLauncher launcher = new FakeLauncher();
  final RecordingListener events = new RecordingListener();
  final RecordingActivityLog log = new RecordingActivityLog();
  final Supervisor supervisor;

  Harness(long startNanos, GroupSpec... groups) {
    this(startNanos, b -> { }, groups);
  }

  Harness(GroupSpec... groups) {
    this(0, groups);
  }

  interface Customizer {
    void customize(Supervisor.Builder b);
  }

  Harness(long startNanos, Customizer customizer, GroupSpec... groups) {
    time = new FakeTimeSource(startNanos);
    loop = new ManualLoop(time);
    Supervisor.Builder b = Supervisor.builder().timeSource(time).loop(loop.loop).launcher(launcher)
        .activityLog(log).systemEnvironment(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/test"));
    for (GroupSpec g : groups) {
      b.group(g);
    }
    customizer.customize(b);
    supervisor = b.build();
    supervisor.addListener(events, Runnable::run);
  }

  /** A spec running /bin/cat whose output is discarded (ProcessLog is not involved). */
  static ProcessSpec.Builder spec(String name) {
    return ProcessSpec.builder(name, "/bin/cat").stdout(LogSpec.NONE).stderr(LogSpec.NONE);
  }

  static GroupSpec single(ProcessSpec.Builder spec) {
    return GroupSpec.single(spec.build());
  }

  Harness start() {
    supervisor.startAsync();
    loop.runUntilIdle();
    return this;
  }

  void advance(Duration d) {
    loop.advance(d);
  }

  void advanceSeconds(double s) {
    loop.advance(Duration.ofNanos((long) (s * 1e9)));
  }

  /** Runs the loop, then returns the future's value; fails if it is not done. */
  <T> T done(CompletableFuture<T> f) {
    loop.runUntilIdle();
    assertThat(f).as("future").isDone();
    return f.join();
  }

  /** Runs the loop, then returns the ControlException the future failed with. */
  ControlException failure(CompletableFuture<?> f) {
    loop.runUntilIdle();
    assertThat(f).as("future").isCompletedExceptionally();
    try {
      f.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(ControlException.class);
      return (ControlException) e.getCause();
    }
  }

  ProcessInfo info(String namespec) {
    return supervisor.snapshot().process(ProcessName.parse(namespec)).orElseThrow();
  }

  ProcessState state(String namespec) {
    return info(namespec).state();
  }
}
