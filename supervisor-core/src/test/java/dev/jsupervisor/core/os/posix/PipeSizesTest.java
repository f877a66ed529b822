package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class PipeSizesTest {
  private static final int F_GETPIPE_SZ = 1032;

  private static int[] pipe() {
    try (NativeArena arena = new NativeArena()) {
      long fds = arena.allocate(2 * Integer.BYTES, true);
      assertThat(Native.LIBC.pipe2(fds, Native.O_CLOEXEC)).isZero();
      return new int[] {NativeArena.MEMORY.getInt(fds), NativeArena.MEMORY.getInt(fds + Integer.BYTES)};
    }
  }

  @Test
  void growsPipesUpToItsBudget_andAgainOnceOneIsReleased() {
    PipeSizes sizes = new PipeSizes(2);
    List<int[]> pipes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        pipes.add(pipe());
      }
      assertThat(sizes.grow(pipes.get(0)[0])).isTrue();
      assertThat(sizes.grow(pipes.get(1)[0])).isTrue();
      assertThat(sizes.grow(pipes.get(2)[0])).isFalse();
      assertThat(Native.LIBC.fcntl(pipes.get(0)[1], F_GETPIPE_SZ, 0)).isEqualTo(PipeSizes.GROWN); // one pipe, both ends
      assertThat(Native.LIBC.fcntl(pipes.get(2)[0], F_GETPIPE_SZ, 0)).isEqualTo(65536);
      assertThat(sizes.grown()).isEqualTo(2);
      sizes.release();
      assertThat(sizes.grow(pipes.get(2)[0])).isTrue();
      assertThat(Native.LIBC.fcntl(pipes.get(2)[0], F_GETPIPE_SZ, 0)).isEqualTo(PipeSizes.GROWN);
    } finally {
      pipes.forEach(p -> {
        Native.LIBC.close(p[0]);
        Native.LIBC.close(p[1]);
      });
    }
  }

  @Test
  void budgetFromTheKernel_isAQuarterOfTheUsersPipeAllowance_atMost64() {
    assertThat(PipeSizes.fromKernel().budget()).isBetween(0, 64);
  }

  @Test
  void aChildsOutputPipes_areGrownWhileItRuns_andReleasedWhenItIsGone() throws Exception {
    try (PosixProcessLauncher launcher = PosixProcessLauncher.create()) {
      CompletableFuture<Object> exit = new CompletableFuture<>();
      ChildProcess child = launcher.launch(new LaunchRequest("sleeper", List.of("/bin/sleep", "30"),
          Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), false, OutputSink.DISCARD, OutputSink.DISCARD),
          exit::complete);
      int budget = PipeSizes.fromKernel().budget();
      assertThat(launcher.grownPipes()).isEqualTo(Math.min(2, budget));
      child.signal(9, false);
      exit.get(20, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(20)).until(() -> launcher.grownPipes() == 0);
    }
  }
}
