package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An fcgi-program's socket lives as supervisord's SocketManager: from the first spawn to the last reap. */
final class SharedSocketTest {
  private static final SharedSocketSpec SOCKET = SharedSocketSpec.of("tcp://127.0.0.1:9999");

  private static GroupSpec fcgi(ProcessSpec.Builder... members) {
    return GroupSpec.fcgi("f", 999, java.util.Arrays.stream(members).map(ProcessSpec.Builder::build).toList(), SOCKET);
  }

  private static ProcessSpec.Builder member(String name) {
    return Harness.spec(name).startsecs(Duration.ZERO).autorestart(RestartPolicy.NEVER);
  }

  @Test
  void makingTheGroup_createsAndClosesTheSocketOnce_asSupervisordChecksIt() {
    Harness h = new Harness(fcgi(member("f_0").autostart(false)));
    assertThat(h.launcher.sockets()).hasSize(1);
    assertThat(h.launcher.openSockets()).isZero();
    assertThat(h.log.important()).containsExactly("INFO Creating socket tcp://127.0.0.1:9999",
        "INFO Closing socket tcp://127.0.0.1:9999");
  }

  @Test
  void everyChildGetsTheSameSocketAsStdin_closedOnlyWhenTheLastOneIsReaped() {
    Harness h = new Harness(fcgi(member("f_0"), member("f_1"))).start();
    assertThat(h.launcher.sockets()).hasSize(2);
    FakeLauncher.FakeSocket live = h.launcher.sockets().get(1);
    assertThat(h.launcher.children()).hasSize(2).allSatisfy(c ->
        assertThat(c.request().stdinSocket()).containsSame(live));
    h.launcher.last("f:f_0").exit(0);
    h.loop.runUntilIdle();
    assertThat(live.isOpen()).isTrue();
    h.launcher.last("f:f_1").killedBy(15);
    h.loop.runUntilIdle();
    assertThat(live.isOpen()).isFalse();
    assertThat(h.log.important()).endsWith("INFO Closing socket tcp://127.0.0.1:9999");

    h.done(h.supervisor.start(new ProcessName("f", "f_0"), true));
    assertThat(h.launcher.sockets()).hasSize(3);
    assertThat(h.launcher.openSockets()).isOne();
  }

  @Test
  void aFailedSpawn_releasesItsHold() {
    Harness h = new Harness(fcgi(member("f_0").autostart(false)));
    h.start();
    h.launcher.failSpawn("can't find command '/bin/cat'");
    h.failure(h.supervisor.start(new ProcessName("f", "f_0"), true));
    assertThat(h.launcher.sockets()).hasSize(2);
    assertThat(h.launcher.openSockets()).isZero();
  }

  @Test
  void aSocketThatCannotBeOpenedAtSpawn_isTheSpawnError() {
    Harness h = new Harness(fcgi(member("f_0").autostart(false).startretries(0)));
    h.start();
    h.launcher.failSocket("[Errno 98] Address already in use");
    h.failure(h.supervisor.start(new ProcessName("f", "f_0"), true));
    assertThat(h.info("f:f_0").spawnerr())
        .isEqualTo("couldn't create socket for 'f_0': [Errno 98] Address already in use");
    assertThat(h.launcher.launches()).isZero();
  }

  @Test
  void shutdown_stopsEveryChildAndClosesTheSocket() {
    Harness h = new Harness(fcgi(member("f_0"), member("f_1"))).start();
    var stopped = h.supervisor.stopAsync();
    h.loop.runUntilIdle();
    h.launcher.children().forEach(c -> c.killedBy(15));
    h.loop.runUntilIdle();
    assertThat(stopped).isDone();
    assertThat(h.launcher.openSockets()).isZero();
  }

  @Test
  void aSocketThatCannotBeCreated_failsTheGroup_withSupervisordsText() {
    FakeLauncher launcher = new FakeLauncher();
    launcher.failSocket("[Errno 98] Address already in use");
    FakeTimeSource time = new FakeTimeSource(0);
    Supervisor.Builder b = Supervisor.builder().timeSource(time).loop(new ManualLoop(time).loop).launcher(launcher)
        .group(fcgi(member("f_0")));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Could not create FastCGI socket tcp://127.0.0.1:9999: [Errno 98] Address already in use");
  }

  @Test
  void plainGroups_openNoSocket() {
    Harness h = new Harness(Harness.single(member("p"))).start();
    assertThat(h.launcher.sockets()).isEmpty();
    assertThat(h.launcher.last().request().stdinSocket()).isEmpty();
    assertThat(List.of(h.state("p"))).containsExactly(ProcessState.RUNNING);
  }
}
