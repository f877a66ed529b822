package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.SupervisorEvent.GroupAdded;
import dev.jsupervisor.core.SupervisorEvent.GroupRemoved;
import dev.jsupervisor.core.SupervisorEvent.SupervisorStateChanged;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Start-up order and depends_on, groups added and removed, and shutdown. */
final class SupervisorLifecycleTest {
  private static GroupSpec prog(String name, int priority, String... deps) {
    return Harness.single(Harness.spec(name).priority(priority).dependsOn(List.of(deps)));
  }

  @Test
  void startUp_announcesGroupsThenRunningThenAutostartsInOrder() {
    Harness h = new Harness(prog("b", 2), prog("a", 1), Harness.single(Harness.spec("manual").autostart(false))).start();
    assertThat(h.events.events().subList(0, 4)).containsExactly(new GroupAdded("a"), new GroupAdded("b"),
        new GroupAdded("manual"), new SupervisorStateChanged(SupervisorState.RESTARTING, SupervisorState.RUNNING));
    assertThat(h.launcher.labels()).containsExactly("a", "b");
    assertThat(h.supervisor.snapshot().state()).isEqualTo(SupervisorState.RUNNING);
  }

  @Test
  void dependsOn_dependentStartsOnlyWhenDependencyIsRunning() {
    Harness h = new Harness(prog("web", 1, "db"), Harness.single(Harness.spec("db").priority(5).startsecs(Duration.ofSeconds(3)))).start();
    assertThat(h.launcher.labels()).containsExactly("db");
    h.advance(Duration.ofMillis(2999));
    assertThat(h.launcher.labels()).containsExactly("db");
    h.advance(Duration.ofMillis(1));
    assertThat(h.launcher.labels()).containsExactly("db", "web");
    assertThat(h.events.allTransitions()).containsSubsequence("db STARTING->RUNNING", "web STOPPED->STARTING");
  }

  @Test
  void dependsOn_dependencyRetriesThroughBackoff_dependentStillWaits() {
    Harness h = new Harness(prog("web", 1, "db"), prog("db", 5)).start();
    h.launcher.last("db").exit(1);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.launcher.labels()).containsExactly("db", "db");
    h.advance(Duration.ofSeconds(1));
    assertThat(h.launcher.labels()).containsExactly("db", "db", "web");
  }

  @Test
  void dependsOn_dependencyGivesUp_dependentIsNotStartedAndTheReasonIsLogged() {
    Harness h = new Harness(prog("web", 1, "db"), Harness.single(Harness.spec("db").startretries(0))).start();
    h.launcher.last("db").exit(1);
    h.loop.runUntilIdle();
    assertThat(h.state("db")).isEqualTo(ProcessState.FATAL);
    assertThat(h.launcher.labels()).containsExactly("db");
    assertThat(h.log.important()).contains("WARN not starting web: web: dependency 'db' is not running");
  }

  @Test
  void startGroup_stopWhileWaitingForDependency_cancelsTheStart() {
    Harness h = new Harness(Harness.single(Harness.spec("web").autostart(false).dependsOn(List.of("db"))),
        Harness.single(Harness.spec("db").autostart(false))).start();
    var all = h.supervisor.startAll(true);
    h.loop.runUntilIdle();
    assertThat(h.launcher.labels()).containsExactly("db");
    h.done(h.supervisor.stop(ProcessName.of("web"), false));
    h.advance(Duration.ofSeconds(1));
    assertThat(h.launcher.labels()).containsExactly("db");
    List<ProcessResult> results = h.done(all);
    // results come in completion order: web's cancellation before db's start
    assertThat(results.get(0).name()).isEqualTo(ProcessName.of("web"));
    assertThat(results.get(0).failure().orElseThrow().detail()).isEqualTo("web: start cancelled by a stop request");
    assertThat(results.get(1).name()).isEqualTo(ProcessName.of("db"));
    assertThat(results.get(1).isOk()).isTrue();
  }

  @Test
  void publishRemoteCommunication_reachesListenersAsAnEvent() {
    Harness h = new Harness().start();
    h.supervisor.publishRemoteCommunication("deploy", "v42");
    h.loop.runUntilIdle();
    assertThat(h.events.events()).contains(new SupervisorEvent.RemoteCommunication("deploy", "v42"));
  }

  @Test
  void addGroup_startsAutostartMembersAndRefusesDuplicates() {
    Harness h = new Harness().start();
    h.done(h.supervisor.addGroup(prog("x", 1)));
    assertThat(h.events.events()).contains(new GroupAdded("x"));
    assertThat(h.launcher.labels()).containsExactly("x");
    assertThat(h.failure(h.supervisor.addGroup(prog("x", 1)))).hasMessage("ALREADY_ADDED: x");
    var bad = h.supervisor.addGroup(prog("y", 1, "nope"));
    h.loop.runUntilIdle();
    assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void removeGroup_onlyWhenEveryMemberIsStopped() {
    Harness h = new Harness(prog("x", 1)).start();
    assertThat(h.failure(h.supervisor.removeGroup("x"))).hasMessage("STILL_RUNNING: x");
    assertThat(h.failure(h.supervisor.removeGroup("nope"))).hasMessage("BAD_NAME: nope");
    h.supervisor.stop(ProcessName.of("x"), false);
    h.loop.runUntilIdle();
    h.launcher.last().killedBy(15);
    h.done(h.supervisor.removeGroup("x"));
    assertThat(h.events.events()).endsWith(new GroupRemoved("x"));
    assertThat(h.supervisor.snapshot().processes()).isEmpty();
  }

  @Test
  void shutdown_stopsGroupsOneAtATimeInDescendingPriority() {
    Harness h = new Harness(prog("low", 1), prog("high", 9), Harness.single(Harness.spec("crashy").priority(5))).start();
    h.launcher.last("crashy").exit(1);
    h.advance(Duration.ofMillis(500));
    assertThat(h.state("crashy")).isEqualTo(ProcessState.BACKOFF);
    var done = h.supervisor.stopAsync();
    h.loop.runUntilIdle();
    assertThat(h.supervisor.snapshot().state()).isEqualTo(SupervisorState.SHUTDOWN);
    assertThat(h.launcher.last("high").signals()).hasSize(1);
    assertThat(h.launcher.last("low").signals()).isEmpty();
    assertThat(h.failure(h.supervisor.start(ProcessName.of("low"), false))).hasMessage("SHUTDOWN_STATE");
    assertThat(h.log.important()).contains("INFO waiting for high to die")
        .noneMatch(line -> line.endsWith("to stop")); // supervisord's stop_report is for waited stops only
    h.launcher.last("high").killedBy(15);
    h.loop.runUntilIdle();
    assertThat(h.state("crashy")).isEqualTo(ProcessState.FATAL);
    assertThat(h.launcher.last("low").signals()).hasSize(1);
    assertThat(done).isNotDone();
    h.launcher.last("low").killedBy(15);
    h.loop.runUntilIdle();
    assertThat(done).isCompleted();
    assertThat(h.events.allTransitions()).containsSubsequence("high STARTING->STOPPING", "high STOPPING->STOPPED",
        "crashy BACKOFF->FATAL", "low STARTING->STOPPING");
    assertThat(h.launcher.launches()).isEqualTo(3);
    assertThat(h.failure(h.supervisor.stop(ProcessName.of("low"), false))).hasMessage("SHUTDOWN_STATE");
  }

  @Test
  void shutdown_stopsDependentsBeforeTheirDependencies() {
    Harness h = new Harness(prog("web", 9, "db"), prog("db", 1)).start();
    h.advance(Duration.ofSeconds(2));
    h.supervisor.stopAsync();
    h.loop.runUntilIdle();
    assertThat(h.launcher.last("web").signals()).hasSize(1);
    assertThat(h.launcher.last("db").signals()).isEmpty();
    h.launcher.last("web").exit(0);
    h.loop.runUntilIdle();
    assertThat(h.launcher.last("db").signals()).hasSize(1);
  }

  @Test
  void shutdown_dependentInTheSameGroup_stopsBeforeItsDependency() {
    GroupSpec backend = new GroupSpec("backend", 999, List.of(
        Harness.spec("cache").priority(100).build(),
        Harness.spec("web").dependsOn(List.of("cache")).build()));
    Harness h = new Harness(backend).start();
    h.advance(Duration.ofSeconds(2));
    h.advance(Duration.ofSeconds(2));
    assertThat(h.state("backend:web")).isEqualTo(ProcessState.RUNNING);
    h.supervisor.stopAsync();
    h.loop.runUntilIdle();
    assertThat(h.launcher.last("backend:web").signals()).hasSize(1);
    assertThat(h.launcher.last("backend:cache").signals()).isEmpty();
    h.launcher.last("backend:web").killedBy(15);
    h.loop.runUntilIdle();
    assertThat(h.launcher.last("backend:cache").signals()).hasSize(1);
  }

  @Test
  void shutdown_processIgnoringSignals_isKilledAfterStopwaitsecs() {
    Harness h = new Harness(Harness.single(Harness.spec("x").stopwaitsecs(Duration.ofSeconds(3)))).start();
    var done = h.supervisor.stopAsync();
    h.advance(Duration.ofSeconds(3));
    assertThat(h.launcher.last().signals()).containsExactly(new FakeChild.Sent(15, false), new FakeChild.Sent(9, false));
    h.launcher.last().killedBy(9);
    h.loop.runUntilIdle();
    assertThat(done).isCompleted();
  }

  @Test
  void stopAsync_beforeStart_terminatesAndStartIsRefused() throws Exception {
    Harness h = new Harness(prog("x", 1));
    h.supervisor.stopAsync();
    h.supervisor.awaitTerminated(Duration.ofSeconds(1));
    assertThatThrownBy(h.supervisor::startAsync).isInstanceOf(IllegalStateException.class);
  }
}
