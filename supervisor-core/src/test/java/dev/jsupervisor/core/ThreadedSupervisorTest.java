package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real loop thread with real time (startsecs=0 so nothing waits), the launcher still fake. */
final class ThreadedSupervisorTest {
  @Test
  @Timeout(20)
  void supervisor_manyProcesses_threadCountDoesNotGrowAndEventsArriveInOrder() throws Exception {
    FakeLauncher launcher = new FakeLauncher();
    RecordingListener listener = new RecordingListener();
    ExecutorService listenerExecutor = Executors.newFixedThreadPool(4);
    List<ProcessSpec> specs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      specs.add(Harness.spec(String.format("p%02d", i)).startsecs(Duration.ZERO).stopwaitsecs(Duration.ofSeconds(30)).build());
    }
    int threadsBefore = Thread.activeCount();
    Supervisor s = Supervisor.builder().launcher(launcher).group(new GroupSpec("g", 1, specs)).build();
    s.addListener(listener, listenerExecutor);
    s.startAsync();
    await().atMost(Duration.ofSeconds(10)).until(() -> s.snapshot().processes().stream()
        .allMatch(p -> p.state() == ProcessState.RUNNING));
    assertThat(Thread.activeCount() - threadsBefore).isLessThanOrEqualTo(1 + 4);
    ProcessInfo info = s.stop(new ProcessName("g", "p07"), false).get(5, TimeUnit.SECONDS);
    assertThat(info.state()).isEqualTo(ProcessState.STOPPING);
    var done = s.stopAsync();
    for (FakeChild c : launcher.children()) {
      c.killedBy(15);
    }
    s.awaitTerminated(Duration.ofSeconds(10));
    assertThat(done).isCompleted();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.events().size() >= 1 + 1 + 50 * 2 + 50 * 2 + 1);
    List<String> p07 = listener.transitions(new ProcessName("g", "p07"));
    assertThat(p07).containsExactly("STOPPED->STARTING", "STARTING->RUNNING", "RUNNING->STOPPING", "STOPPING->STOPPED");
    assertThat(listener.events().get(listener.events().size() - 1)).isInstanceOf(SupervisorEvent.ProcessStateChanged.class);
    listenerExecutor.shutdownNow();
  }
}
