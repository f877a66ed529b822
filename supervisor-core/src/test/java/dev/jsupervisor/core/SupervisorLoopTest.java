package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class SupervisorLoopTest {
  static java.util.stream.LongStream startTimes() {
    return SupervisedProcessTest.startTimes();
  }

  @ParameterizedTest
  @MethodSource("startTimes")
  void advance_timersAcrossOverflow_fireInDeadlineOrder(long start) {
    ManualLoop m = new ManualLoop(new FakeTimeSource(start));
    List<String> fired = new ArrayList<>();
    m.loop.execute(() -> {
      m.loop.schedule(Duration.ofSeconds(90), () -> fired.add("90s@" + m.time.elapsed().toSeconds()));
      m.loop.schedule(Duration.ofSeconds(30), () -> fired.add("30s@" + m.time.elapsed().toSeconds()));
      m.loop.schedule(Duration.ofSeconds(61), () -> fired.add("61s@" + m.time.elapsed().toSeconds()));
      m.loop.schedule(Duration.ZERO, () -> fired.add("now"));
    });
    m.runUntilIdle();
    assertThat(fired).containsExactly("now");
    m.advance(Duration.ofSeconds(89));
    assertThat(fired).containsExactly("now", "30s@30", "61s@61");
    m.advance(Duration.ofSeconds(1));
    assertThat(fired).containsExactly("now", "30s@30", "61s@61", "90s@90");
  }

  @Test
  void cancel_pendingTimer_neverFires() {
    ManualLoop m = new ManualLoop(new FakeTimeSource());
    List<String> fired = new ArrayList<>();
    SupervisorLoop.Timer[] t = new SupervisorLoop.Timer[1];
    m.loop.execute(() -> t[0] = m.loop.schedule(Duration.ofSeconds(1), () -> fired.add("x")));
    m.runUntilIdle();
    t[0].cancel();
    m.advance(Duration.ofSeconds(5));
    assertThat(fired).isEmpty();
    assertThat(m.loop.pendingTimers()).isZero();
  }

  @Test
  void task_throwing_doesNotStopTheLoop() {
    ManualLoop m = new ManualLoop(new FakeTimeSource());
    List<String> ran = new ArrayList<>();
    m.loop.execute(() -> {
      throw new IllegalStateException("boom (expected by the test)");
    });
    m.loop.execute(() -> ran.add("after"));
    m.runUntilIdle();
    assertThat(ran).containsExactly("after");
  }

  @Test
  void schedule_fromAnotherThread_isRefused() throws Exception {
    ManualLoop m = new ManualLoop(new FakeTimeSource());
    CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
      try {
        m.loop.schedule(Duration.ZERO, () -> { });
        return null;
      } catch (IllegalStateException e) {
        return e;
      }
    });
    assertThat(f.get(5, TimeUnit.SECONDS)).hasMessageContaining("not on the loop thread");
  }

  @Test
  @Timeout(10)
  void thread_blocksUntilDeadline_thenRunsTimerAndEndsOnRequest() throws Exception {
    SupervisorLoop loop = new SupervisorLoop(SystemTimeSource.INSTANCE);
    CompletableFuture<String> fired = new CompletableFuture<>();
    loop.start(() -> loop.schedule(Duration.ofMillis(50), () -> fired.complete(Thread.currentThread().getName())));
    assertThat(fired.get(5, TimeUnit.SECONDS)).isEqualTo("supervisor-loop");
    loop.requestStop();
    assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
    assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }
}
