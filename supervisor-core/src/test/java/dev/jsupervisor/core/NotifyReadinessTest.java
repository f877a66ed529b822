package dev.jsupervisor.core;

import static dev.jsupervisor.core.ProcessState.BACKOFF;
import static dev.jsupervisor.core.ProcessState.FATAL;
import static dev.jsupervisor.core.ProcessState.RUNNING;
import static dev.jsupervisor.core.ProcessState.STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.FakeLauncher.FakeNotifySocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code readiness_probe = notify} on fake time: the program's own sd_notify {@code READY=1} gates
 * RUNNING, with the same initial delay, period and failure threshold as the other readiness kinds;
 * {@code STATUS=} shows in the description; and who inherits {@code NOTIFY_SOCKET}.
 */
final class NotifyReadinessTest {
  private static final Duration S = Duration.ofSeconds(1);

  private static Harness harness(ProbeSpec probe, int startretries) {
    return new Harness(Harness.single(Harness.spec("x").startretries(startretries)
        .health(HealthSpec.NONE.withReadiness(probe)))).start();
  }

  private static ProbeSpec notify(Duration initialDelay, int failures) {
    return new ProbeSpec(new ProbeSpec.Notify(), initialDelay, Duration.ofSeconds(2), S, 1, failures);
  }

  private static FakeNotifySocket socket(Harness h) {
    List<FakeNotifySocket> all = h.launcher.notifySockets();
    return all.get(all.size() - 1);
  }

  @Test
  void readyLate_gatesRunning_andTheChildGetsItsOwnSocket() {
    Harness h = harness(notify(Duration.ZERO, 3), 3);
    FakeNotifySocket socket = socket(h);
    assertThat(socket.label()).isEqualTo("x");
    assertThat(h.launcher.last("x").request().environment()).containsEntry("NOTIFY_SOCKET", socket.address());
    h.advance(Duration.ofSeconds(3)); // past startsecs and two periods' attempts, one failure short of the threshold
    assertThat(h.state("x")).isEqualTo(STARTING);
    assertThat(h.info("x").description()).isEqualTo("not ready: sd_notify: no READY=1 received yet");
    socket.send("STATUS=loading the index: 40%");
    h.loop.runUntilIdle();
    assertThat(h.info("x").description()).isEqualTo(
        "not ready: sd_notify: no READY=1 received yet (status: loading the index: 40%)");
    socket.send("MAINPID=1000\nREADY=1\nSTATUS=serving\n");
    h.loop.runUntilIdle();
    assertThat(h.state("x")).as("at once, not at the next period").isEqualTo(RUNNING);
    assertThat(h.info("x").description()).endsWith(", healthy (status: serving)");
    assertThat(h.log.important()).contains("INFO success: x entered RUNNING state, readiness probe passed (sd_notify)");
    assertThat(socket.isOpen()).as("open while the child runs: STATUS updates keep coming").isTrue();
    socket.send("STATUS=idle");
    h.loop.runUntilIdle();
    assertThat(h.info("x").health()).isEqualTo("healthy (status: idle)");
    h.launcher.last("x").exit(0);
    h.loop.runUntilIdle();
    assertThat(socket.isOpen()).as("closed with the child's exit").isFalse();
  }

  @Test
  void neverReady_failsTheStartIntoBackoffWithTheCause_thenFatal() {
    Harness h = harness(notify(Duration.ZERO, 2), 1);
    h.advance(Duration.ofSeconds(2)); // attempts at 0 s and 2 s fail: threshold 2
    FakeChild child = h.launcher.last("x");
    assertThat(child.signals()).containsExactly(new FakeChild.Sent(9, false));
    child.killedBy(9);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(BACKOFF);
    assertThat(h.info("x").spawnerr()).isEqualTo("readiness probe failed: sd_notify: no READY=1 received yet");
    assertThat(h.log.important()).contains(
        "WARN x: readiness probe failed: sd_notify: no READY=1 received yet; killing pid 1000");
    FakeNotifySocket first = socket(h);
    assertThat(first.isOpen()).isFalse();

    h.advance(Duration.ofSeconds(1)); // the retry: a new socket for the new child
    FakeNotifySocket second = socket(h);
    assertThat(second).isNotSameAs(first);
    assertThat(h.launcher.last("x").request().environment()).containsEntry("NOTIFY_SOCKET", second.address());
    h.advance(Duration.ofSeconds(2));
    h.launcher.last("x").killedBy(9);
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(FATAL);
  }

  @Test
  void anOldSpawnsLateReady_doesNotPassTheNewOne() {
    Harness h = harness(notify(Duration.ZERO, 2), 3);
    FakeNotifySocket first = socket(h);
    h.launcher.last("x").exit(1); // before it was ready: a failed start
    h.loop.runUntilIdle();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.state("x")).isEqualTo(STARTING);
    first.deliverEvenIfClosed("READY=1"); // was in flight when its socket closed
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(STARTING);
    socket(h).send("READY=1");
    h.loop.runUntilIdle();
    assertThat(h.state("x")).isEqualTo(RUNNING);
  }

  @Test
  void readyBeforeTheInitialDelayEnds_passesAtItsEnd() {
    Harness h = harness(notify(Duration.ofSeconds(5), 3), 3);
    socket(h).send("READY=1");
    h.advance(Duration.ofSeconds(4));
    assertThat(h.state("x")).isEqualTo(STARTING);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.state("x")).isEqualTo(RUNNING);
  }

  @Test
  void socketCannotBeOpened_theSpawnFailsWithTheReason() {
    Harness h = new Harness(Harness.single(Harness.spec("x").startretries(0)
        .health(HealthSpec.NONE.withReadiness(notify(Duration.ZERO, 3)))));
    h.launcher.failNotifySocket("couldn't create the sd_notify socket for 'x': bind(/tmp/n/1.sock) failed: EACCES");
    h.start();
    assertThat(h.launcher.labels()).doesNotContain("x");
    assertThat(h.state("x")).isEqualTo(FATAL);
    assertThat(h.info("x").spawnerr()).isEqualTo(
        "couldn't create the sd_notify socket for 'x': bind(/tmp/n/1.sock) failed: EACCES");
  }

  @Test
  void children_doNotInheritTheDaemonsNotifySocket_butKeepAnEnvironmentsOwn() {
    ChildEnvironment env = new ChildEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "PATH", "/bin"),
        Map.of(), null);
    ProcessName name = ProcessName.of("x");
    assertThat(env.of(name, Harness.spec("x").build())).doesNotContainKey("NOTIFY_SOCKET").containsEntry("PATH", "/bin");
    assertThat(env.of(name, Harness.spec("x").environment(Map.of("NOTIFY_SOCKET", "/run/mine")).build()))
        .containsEntry("NOTIFY_SOCKET", "/run/mine");
    ChildEnvironment supervisorWide = new ChildEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"),
        Map.of("NOTIFY_SOCKET", "@wide"), null);
    assertThat(supervisorWide.of(name, Harness.spec("x").build())).containsEntry("NOTIFY_SOCKET", "@wide");
  }

  @Test
  void sdNotifyMessage_readyAndTheLastStatus_controlCharactersDropped() {
    SdNotifyMessage m = SdNotifyMessage.parse("STATUS=a\nREADY=1\nSTATUS=b\u0007c\nWATCHDOG=1".getBytes(StandardCharsets.UTF_8));
    assertThat(m).isEqualTo(new SdNotifyMessage(true, Optional.of("bc")));
    assertThat(SdNotifyMessage.parse("READY=0\nSTATUS=".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new SdNotifyMessage(false, Optional.of("")));
    assertThat(SdNotifyMessage.parse(("STATUS=" + "x".repeat(500)).getBytes(StandardCharsets.UTF_8)).status().orElseThrow())
        .hasSize(SdNotifyMessage.STATUS_MAX);
  }

  @Test
  void inbox_mergesWhatArrivesWhileADeliveryIsPending() {
    List<Runnable> posted = new ArrayList<>();
    List<SdNotifyMessage> got = new ArrayList<>();
    NotifyInbox inbox = new NotifyInbox(posted::add, got::add);
    inbox.offer("STATUS=one".getBytes(StandardCharsets.UTF_8));
    inbox.offer("READY=1".getBytes(StandardCharsets.UTF_8));
    inbox.offer("WATCHDOG=1".getBytes(StandardCharsets.UTF_8)); // nothing the engine reads
    for (int i = 0; i < 1000; i++) {
      inbox.offer(("STATUS=n" + i).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(posted).as("one loop task for a burst").hasSize(1);
    posted.get(0).run();
    assertThat(got).containsExactly(new SdNotifyMessage(true, Optional.of("n999")));
    inbox.offer("STATUS=later".getBytes(StandardCharsets.UTF_8));
    assertThat(posted).hasSize(2);
  }
}
