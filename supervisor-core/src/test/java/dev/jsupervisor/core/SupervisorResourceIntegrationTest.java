package dev.jsupervisor.core;

import static dev.jsupervisor.core.LiveFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real engine costs: threads that do not grow with the number of processes, no CPU when
 * idle, no descriptor left behind by spawns and stops.
 */
@Tag("integration")
final class SupervisorResourceIntegrationTest {
  @TempDir
  Path logDir;
  private LiveFixture live;

  @BeforeEach
  void setUp() {
    live = new LiveFixture(logDir);
  }

  @AfterEach
  void tearDown() throws Exception {
    live.close();
  }


  @Test
  @Timeout(60)
  void startAndStop_manyTimes_leaveNoDescriptorBehind() throws Exception {
    Supervisor s = live.start(
        spec("talk", "/bin/sh -c 'echo out; echo err >&2'").autostart(false).startsecs(Duration.ZERO)
            .autorestart(RestartPolicy.NEVER).build(),
        spec("cat", "/bin/cat").autostart(false).startsecs(Duration.ZERO).build());
    // Open the log files once (they stay open for the life of the process entry).
    cycle(s);
    List<String> baseline = OpenDescriptors.list();

    for (int i = 0; i < 10; i++) {
      cycle(s);
    }

    assertThat(OpenDescriptors.list()).isEqualTo(baseline);
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  /** One run of "talk" to its exit and one start/stop of "cat". */
  private void cycle(Supervisor s) throws Exception {
    int before = live.activity.matching(l -> l.startsWith("INFO exited: talk")).size();
    s.start(ProcessName.of("talk"), false).get(10, TimeUnit.SECONDS);
    await().atMost(LiveFixture.WAIT).until(() ->
        live.activity.matching(l -> l.startsWith("INFO exited: talk")).size() == before + 1
            && live.info("talk").state() == ProcessState.EXITED);
    s.start(ProcessName.of("cat"), false).get(10, TimeUnit.SECONDS);
    s.stop(ProcessName.of("cat"), true).get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(60)
  void fiftyMorePrograms_allRunning_noMoreThreads() throws Exception {
    // The baseline is taken with the engine already running, so threads the JVM and the libraries
    // create once (jnr's finalizer, the JDK's cleaner) do not count; only growth with programs does.
    live.start(group("first", 0, 25));
    awaitAllRunning(25);
    int withTwentyFive = liveThreads();

    live.supervisor().addGroup(group("more", 25, 50)).get(20, TimeUnit.SECONDS);
    awaitAllRunning(50);

    assertThat(live.supervisor().snapshot().processes()).hasSize(50).allMatch(p -> LiveFixture.isAlive(p.pid()));
    assertThat(liveThreads()).as("threads now: %s", Thread.getAllStackTraces().keySet())
        .isLessThanOrEqualTo(withTwentyFive);
  }

  private static GroupSpec group(String name, int from, int to) {
    List<ProcessSpec> specs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      specs.add(spec(String.format("w%02d", i), "/bin/sleep 1000").startsecs(Duration.ofSeconds(1)).build());
    }
    return new GroupSpec(name, 1, specs);
  }

  private void awaitAllRunning(int count) {
    await().atMost(Duration.ofSeconds(40)).until(() -> {
      List<ProcessInfo> all = live.supervisor().snapshot().processes();
      return all.size() == count && all.stream().allMatch(p -> p.state() == ProcessState.RUNNING);
    });
  }

  /**
   * Live threads, not counting Awaitility's own pollers nor the JIT compiler threads the JVM adds
   * on demand (their number depends on what ran before in this JVM, not on the engine).
   */
  private static int liveThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.getName().startsWith("awaitility") && !t.getName().contains("CompilerThread"))
        .count();
  }

  @Test
  @Timeout(60)
  void idle_twentyRunningPrograms_engineThreadsUseAlmostNoCpu() throws Exception {
    List<ProcessSpec> specs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      specs.add(spec(String.format("idle%02d", i), "/bin/sleep 1000").startsecs(Duration.ZERO).build());
    }
    live.start(new GroupSpec("idle", 1, specs));
    await().atMost(LiveFixture.WAIT).until(() -> live.supervisor().snapshot().processes().stream()
        .allMatch(p -> p.state() == ProcessState.RUNNING));
    Thread.sleep(200); // let the start-up work settle

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Thread> engine = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("supervisor-")).toList();
    assertThat(engine).extracting(Thread::getName).contains("supervisor-loop");
    long before = engine.stream().mapToLong(t -> mx.getThreadCpuTime(t.getId())).sum();
    Thread.sleep(2000);
    long after = engine.stream().mapToLong(t -> mx.getThreadCpuTime(t.getId())).sum();

    assertThat(Duration.ofNanos(after - before)).isLessThan(Duration.ofMillis(20));
  }
}
