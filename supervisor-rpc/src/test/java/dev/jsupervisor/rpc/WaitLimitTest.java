package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

final class WaitLimitTest {
  @Test
  void completedFuture_isReturnedAsIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("x");
    assertThat(WaitLimit.bound(done, Duration.ofMillis(1))).isSameAs(done).isCompletedWithValue("x");
  }

  @Test
  void futureThatNeverCompletes_failsWithTimeout() {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> bounded = WaitLimit.bound(never, Duration.ofMillis(50));
    assertThatThrownBy(() -> bounded.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void futureThatCompletesInTime_keepsItsValue() throws Exception {
    CompletableFuture<String> later = new CompletableFuture<>();
    CompletableFuture<String> bounded = WaitLimit.bound(later, Duration.ofMillis(200));
    later.complete("in time");
    Thread.sleep(400); // past the limit: the cancelled timeout must not fail it afterwards
    assertThat(bounded.get()).isEqualTo("in time");
  }

  @Test
  void waitsOfTheRpcLimit_armOneSweepBetweenThem_notOneTimerTaskEach() {
    // the first bound arms a sweep (or one is armed already); the next 100 find it armed: no timer
    // task per call, so the timer thread is not woken in the middle of each call
    CompletableFuture<String> first = new CompletableFuture<>();
    WaitLimit.bound(first, Duration.ofHours(1));
    long armed = WaitLimit.sweepsArmed();
    for (int i = 0; i < 100; i++) {
      CompletableFuture<String> call = new CompletableFuture<>();
      WaitLimit.bound(call, Duration.ofHours(1));
      call.complete("done");
    }
    first.complete("done");
    assertThat(WaitLimit.sweepsArmed()).isEqualTo(armed);
  }

  @Test
  void shortLimitAfterLongOnes_stillFailsOnTime() {
    CompletableFuture<String> longWait = new CompletableFuture<>();
    WaitLimit.bound(longWait, Duration.ofHours(1));
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> bounded = WaitLimit.bound(never, Duration.ofMillis(50));
    assertThatThrownBy(() -> bounded.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(longWait).isNotDone(); // the sweep fails only what is due
    longWait.complete("done");
  }

  @Test
  void aLimitOfCenturies_waitsWithoutOverflowing() {
    CompletableFuture<String> later = new CompletableFuture<>();
    CompletableFuture<String> bounded = WaitLimit.bound(later, Duration.ofDays(365L * 1_000_000));
    later.complete("done");
    assertThat(bounded).isCompletedWithValue("done");
  }
}
