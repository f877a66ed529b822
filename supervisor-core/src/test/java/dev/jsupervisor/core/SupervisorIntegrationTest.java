package dev.jsupervisor.core;

import static dev.jsupervisor.core.LiveFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine with the real POSIX launcher, real processes and real log files: the process
 * lifecycle (start, exit, restart, stop, shutdown, dependencies, users, environment). Log capture is
 * in {@link SupervisorLogIntegrationTest}, the engine's own cost in {@link SupervisorResourceIntegrationTest}.
 */
@Tag("integration")
final class SupervisorIntegrationTest {
  private static final String LOOP_FOREVER = "while :; do sleep 0.1; done";

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


  private static String sh(String script) {
    return "/bin/sh -c '" + script + "'";
  }

  @Test
  @Timeout(30)
  void crashLoop_exitsBeforeStartsecs_backsOffThenFatalAfterStartretriesPlusOneSpawns() {
    live.start(spec("crash", sh("exit 1")).startsecs(Duration.ofSeconds(1)).startretries(2).build());

    ProcessInfo info = live.awaitState("crash", ProcessState.FATAL);

    assertThat(info.spawnerr()).isEqualTo("Exited too quickly (process log may have details)");
    assertThat(info.description()).isEqualTo(info.spawnerr());
    assertThat(info.pid()).isZero();
    assertThat(live.activity.count("INFO spawned: 'crash'")).isEqualTo(3);
    assertThat(live.activity.lines()).contains(
        "INFO gave up: crash entered FATAL state, too many start retries too quickly");
    assertThat(live.listener.transitions(ProcessName.of("crash"))).containsExactly(
        "STOPPED->STARTING", "STARTING->BACKOFF",
        "BACKOFF->STARTING", "STARTING->BACKOFF",
        "BACKOFF->STARTING", "STARTING->BACKOFF",
        "BACKOFF->FATAL");
  }

  @Test
  @Timeout(30)
  void exit_expectedCode_staysExitedWhileUnexpectedCodeIsRestarted(@TempDir Path marks) throws Exception {
    Path mark = marks.resolve("ran-once");
    // Exits 4 on its first run only, then stays up: one unexpected exit, one restart.
    String once = "if [ -e " + mark + " ]; then exec sleep 1000; fi; touch " + mark + "; exit 4";
    live.start(
        spec("expected", sh("exit 3")).startsecs(Duration.ZERO).exitcodes(Set.of(0, 3)).build(),
        spec("unexpected", sh(once)).startsecs(Duration.ZERO).exitcodes(Set.of(0, 3)).build());

    ProcessInfo restarted = live.awaitState("unexpected", ProcessState.RUNNING);
    await().atMost(LiveFixture.WAIT).until(() -> live.info("unexpected").restarts() == 1
        && live.info("unexpected").state() == ProcessState.RUNNING);
    ProcessInfo expected = live.awaitState("expected", ProcessState.EXITED);
    Thread.sleep(500); // long enough for a wrong autorestart of "expected" to show

    assertThat(live.info("expected").state()).isEqualTo(ProcessState.EXITED);
    assertThat(live.activity.count("INFO spawned: 'expected'")).isEqualTo(1);
    assertThat(expected.exitstatus()).isEqualTo(3);
    assertThat(expected.spawnerr()).isEmpty();
    assertThat(expected.description()).isNotEqualTo("Not started").matches("\\w{3} \\d{2} \\d{2}:\\d{2} [AP]M");
    assertThat(live.listener.stateChanges()).filteredOn(e -> e.to() == ProcessState.EXITED)
        .extracting(e -> e.name().name() + " expected=" + e.expected())
        .containsExactlyInAnyOrder("expected expected=true", "unexpected expected=false");
    assertThat(live.activity.lines()).contains("INFO exited: expected (exit status 3; expected)",
        "WARN exited: unexpected (exit status 4; not expected)");
    assertThat(live.listener.transitions(ProcessName.of("unexpected"))).containsExactly(
        "STOPPED->STARTING", "STARTING->RUNNING", "RUNNING->EXITED", "EXITED->STARTING", "STARTING->RUNNING");
    assertThat(restarted.pid()).isPositive();
    assertThat(LiveFixture.isAlive(live.info("unexpected").pid())).isTrue();
  }

  @Test
  @Timeout(30)
  void stop_sigtermIgnored_sigkillAfterStopwaitsecs() throws Exception {
    Supervisor s = live.start(spec("stubborn", sh("trap \"\" TERM; echo ready; " + LOOP_FOREVER))
        .startsecs(Duration.ZERO).stopwaitsecs(Duration.ofSeconds(1)).build());
    live.awaitLogContaining("stubborn", Channel.STDOUT, "ready");
    int pid = live.info("stubborn").pid();

    long t0 = System.nanoTime();
    ProcessInfo stopped = s.stop(ProcessName.of("stubborn"), true).get(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(stopped.pid()).isZero();
    assertThat(stopped.exitstatus()).isEqualTo(-1);
    assertThat(tookMs).isGreaterThanOrEqualTo(950);
    assertThat(LiveFixture.isAlive(pid)).isFalse();
    assertThat(live.activity.lines()).containsSubsequence(
        "DEBG killing stubborn (pid " + pid + ") with signal SIGTERM",
        "WARN killing 'stubborn' (" + pid + ") with SIGKILL",
        "WARN stopped: stubborn (terminated by SIGKILL)");
  }

  @Test
  @Timeout(30)
  void stop_listOfStopsignals_triedInOrderUntilOneWorks() throws Exception {
    String script = "trap \"echo got INT\" INT; trap \"echo got TERM; exit 0\" TERM; echo ready; " + LOOP_FOREVER;
    Supervisor s = live.start(spec("polite", sh(script)).startsecs(Duration.ZERO)
        .stopsignals(List.of(Signal.INT, Signal.TERM)).stopwaitsecs(Duration.ofSeconds(1)).build());
    live.awaitLogContaining("polite", Channel.STDOUT, "ready");
    int pid = live.info("polite").pid();

    ProcessInfo stopped = s.stop(ProcessName.of("polite"), true).get(10, TimeUnit.SECONDS);

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(stopped.exitstatus()).isZero();
    assertThat(live.log("polite", Channel.STDOUT)).isEqualTo("ready\ngot INT\ngot TERM\n");
    assertThat(live.activity.lines()).containsSubsequence(
        "DEBG killing polite (pid " + pid + ") with signal SIGINT",
        "DEBG killing polite (pid " + pid + ") with signal SIGTERM",
        "INFO stopped: polite (exit status 0)");
    assertThat(live.activity.lines()).noneMatch(l -> l.contains("SIGKILL"));
  }

  @Test
  @Timeout(30)
  void stop_stopasgroup_killsTheGrandchildToo() throws Exception {
    Supervisor s = live.start(spec("parent", sh("sleep 1000 & echo $!; wait"))
        .startsecs(Duration.ZERO).stopasgroup(true).build());
    int grandchild = grandchildPid("parent");

    s.stop(ProcessName.of("parent"), true).get(10, TimeUnit.SECONDS);

    await().atMost(LiveFixture.WAIT).until(() -> !LiveFixture.isAlive(grandchild));
    assertThat(live.activity.lines()).anyMatch(l -> l.matches("DEBG killing parent \\(pid \\d+\\) process group with signal SIGTERM"));
  }

  @Test
  @Timeout(30)
  void stop_killasgroup_sigkillReachesTheGrandchildThatIgnoresTerm() throws Exception {
    // SIG_IGN survives exec, so the background sleep ignores TERM as well.
    Supervisor s = live.start(spec("deaf", sh("trap \"\" TERM; sleep 1000 & echo $!; " + LOOP_FOREVER))
        .startsecs(Duration.ZERO).killasgroup(true).stopwaitsecs(Duration.ofSeconds(1)).build());
    int grandchild = grandchildPid("deaf");

    ProcessInfo stopped = s.stop(ProcessName.of("deaf"), true).get(10, TimeUnit.SECONDS);

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    await().atMost(LiveFixture.WAIT).until(() -> !LiveFixture.isAlive(grandchild));
    assertThat(live.activity.lines()).anyMatch(l -> l.matches("DEBG killing deaf \\(pid \\d+\\) process group with signal SIGKILL"));
  }

  private int grandchildPid(String name) throws Exception {
    String out = live.awaitLogContaining(name, Channel.STDOUT, "\n");
    int pid = Integer.parseInt(out.strip().lines().findFirst().orElseThrow().strip());
    live.track(pid);
    assertThat(LiveFixture.isAlive(pid)).isTrue();
    return pid;
  }

  @Test
  @Timeout(30)
  void autostart_dependsOn_dependentSpawnedOnlyOnceTheDependencyIsRunning() {
    live.start(
        spec("db", "/bin/sleep 1000").priority(500).startsecs(Duration.ofSeconds(1)).build(),
        spec("web", "/bin/sleep 1000").priority(1).startsecs(Duration.ZERO).dependsOn(List.of("db")).build());

    live.awaitState("web", ProcessState.RUNNING);

    List<String> all = live.listener.allTransitions();
    assertThat(all).containsSubsequence("db STOPPED->STARTING", "db STARTING->RUNNING", "web STOPPED->STARTING");
    long dbSpawned = live.activity.first("INFO spawned: 'db'", 0).orElseThrow().nanos();
    long webSpawned = live.activity.first("INFO spawned: 'web'", 0).orElseThrow().nanos();
    assertThat(Duration.ofNanos(webSpawned - dbSpawned)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
  }

  @Test
  @Timeout(30)
  void spawn_userNobody_childRunsWithUid65534() {
    assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("needs root").isZero();
    live.start(spec("lowly", "/bin/sleep 1000").user("nobody").startsecs(Duration.ZERO).build());
    int pid = live.awaitState("lowly", ProcessState.RUNNING).pid();

    // The pid stays the same across setpriv's exec; wait until the exec has happened.
    await().atMost(LiveFixture.WAIT).until(() -> LiveFixture.uidLine(pid).orElse("").startsWith("Uid:\t65534"));
    assertThat(LiveFixture.uidLine(pid)).hasValue("Uid:\t65534\t65534\t65534\t65534");
  }

  @Test
  @Timeout(30)
  void spawn_environment_reachesTheChild() throws Exception {
    live.start(b -> b.environment(Map.of("FROM_SUPERVISOR", "s1")).serverUrl("http://127.0.0.1:9001"),
        new GroupSpec("grp", 1, List.of(spec("envp", "/usr/bin/env").startsecs(Duration.ZERO)
            .autorestart(RestartPolicy.NEVER).env("FROM_PROGRAM", "p1").build())));

    live.awaitState("grp:envp", ProcessState.EXITED);
    String env = live.log("grp:envp", Channel.STDOUT);

    assertThat(env.lines()).contains("SUPERVISOR_ENABLED=1", "SUPERVISOR_PROCESS_NAME=envp",
        "SUPERVISOR_GROUP_NAME=grp", "SUPERVISOR_SERVER_URL=http://127.0.0.1:9001",
        "FROM_SUPERVISOR=s1", "FROM_PROGRAM=p1");
  }

  @Test
  @Timeout(30)
  void start_missingCommand_failsNoFileAndAutostartGoesFatal() {
    Supervisor s = live.start(
        spec("manual", "/nonexistent").autostart(false).build(),
        spec("auto", "/nonexistent").startretries(1).build());

    assertThatThrownBy(() -> s.start(ProcessName.of("manual"), true).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ControlException.class)
        .satisfies(e -> assertThat(((ControlException) e).reason()).isEqualTo(ControlException.Reason.NO_FILE));
    ProcessInfo auto = live.awaitState("auto", ProcessState.FATAL);

    assertThat(auto.spawnerr()).isEqualTo("can't find command '/nonexistent'");
    assertThat(live.info("manual").state()).isEqualTo(ProcessState.STOPPED);
    assertThat(live.listener.transitions(ProcessName.of("auto"))).containsExactly(
        "STOPPED->STARTING", "STARTING->BACKOFF", "BACKOFF->STARTING", "STARTING->BACKOFF", "BACKOFF->FATAL");
  }

  @Test
  @Timeout(30)
  void stop_rightAfterStart_stopsTheStartingProcess() throws Exception {
    Supervisor s = live.start(spec("quick", "/bin/sleep 1000").autostart(false).build());

    ProcessInfo started = s.start(ProcessName.of("quick"), false).get(10, TimeUnit.SECONDS);
    ProcessInfo stopped = s.stop(ProcessName.of("quick"), true).get(10, TimeUnit.SECONDS);

    assertThat(started.state()).isEqualTo(ProcessState.STARTING);
    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    // Whoever wakes up on the future already reads the outcome in the snapshot (no await).
    assertThat(live.info("quick").state()).isEqualTo(ProcessState.STOPPED);
    assertThat(LiveFixture.isAlive(started.pid())).isFalse();
    assertThat(live.listener.transitions(ProcessName.of("quick")))
        .containsExactly("STOPPED->STARTING", "STARTING->STOPPING", "STOPPING->STOPPED");
  }

  @Test
  @Timeout(30)
  void stopAsync_runningPrograms_stoppedInReverseOrderAndNoChildLeft() throws Exception {
    Supervisor s = live.start(
        spec("first", "/bin/sleep 1000").priority(1).startsecs(Duration.ZERO).build(),
        spec("second", "/bin/sleep 1000").priority(2).startsecs(Duration.ZERO).build(),
        spec("third", "/bin/sleep 1000").priority(3).startsecs(Duration.ZERO).build());
    List<Integer> pids = new ArrayList<>();
    for (String n : List.of("first", "second", "third")) {
      pids.add(live.awaitState(n, ProcessState.RUNNING).pid());
    }

    s.stopAsync().get(20, TimeUnit.SECONDS);

    assertThat(live.listener.allTransitions()).filteredOn(t -> t.endsWith("->STOPPING")).containsExactly(
        "third RUNNING->STOPPING", "second RUNNING->STOPPING", "first RUNNING->STOPPING");
    assertThat(live.listener.allTransitions()).containsSubsequence("third STOPPING->STOPPED",
        "second RUNNING->STOPPING", "second STOPPING->STOPPED", "first RUNNING->STOPPING");
    assertThat(pids).noneMatch(LiveFixture::isAlive);
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(s.snapshot().state()).isEqualTo(SupervisorState.SHUTDOWN);
  }

  @Test
  @Timeout(60)
  void stopAsync_processesInEveryState_terminatesAndLeavesNoChild() throws Exception {
    Supervisor s = live.start(
        spec("crashing", sh("exit 1")).startsecs(Duration.ofSeconds(1)).startretries(5).build(),
        spec("stubborn", sh("trap \"\" TERM; echo ready; " + LOOP_FOREVER)).startsecs(Duration.ZERO)
            .stopwaitsecs(Duration.ofSeconds(1)).build(),
        spec("pausing", sh("exit 0")).startsecs(Duration.ZERO).autorestart(RestartPolicy.ALWAYS)
            .restartpause(Duration.ofSeconds(30)).build(),
        spec("starting", "/bin/sleep 1000").startsecs(Duration.ofSeconds(30)).build());
    live.awaitLogContaining("stubborn", Channel.STDOUT, "ready");
    live.awaitState("crashing", ProcessState.BACKOFF);
    live.awaitState("pausing", ProcessState.EXITED);
    assertThat(live.info("starting").state()).isEqualTo(ProcessState.STARTING);

    s.stopAsync().get(20, TimeUnit.SECONDS);

    SupervisorSnapshot end = s.snapshot();
    assertThat(end.state()).isEqualTo(SupervisorState.SHUTDOWN);
    assertThat(end.processes()).extracting(p -> p.name().name() + " " + p.state()).containsExactlyInAnyOrder(
        "crashing FATAL", "stubborn STOPPED", "pausing EXITED", "starting STOPPED");
    assertThat(end.processes()).allMatch(p -> p.pid() == 0);
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(live.activity.count("INFO spawned: 'pausing'")).isEqualTo(1);
  }

  @Test
  @Timeout(30)
  void autostart_dependencyGoesFatal_dependentNeverSpawned() {
    live.start(
        spec("db", "/nonexistent").startretries(0).build(),
        spec("web", "/bin/sleep 1000").startsecs(Duration.ZERO).dependsOn(List.of("db")).build());

    live.awaitState("db", ProcessState.FATAL);
    await().atMost(LiveFixture.WAIT).until(() -> live.activity.count("WARN not starting web") == 1);

    assertThat(live.info("web").state()).isEqualTo(ProcessState.STOPPED);
    assertThat(live.activity.count("INFO spawned: 'web'")).isZero();
    assertThat(live.activity.lines()).contains("WARN not starting web: web: dependency 'db' is not running");
  }

  @Test
  @Timeout(30)
  void autorestart_restartpause_nextSpawnWaitsForThePause() {
    live.start(spec("pausing", sh("exit 0")).startsecs(Duration.ZERO).autorestart(RestartPolicy.ALWAYS)
        .restartpause(Duration.ofSeconds(1)).build());

    await().atMost(LiveFixture.WAIT).until(() -> live.activity.count("INFO spawned: 'pausing'") >= 2);

    long exited = live.activity.first("INFO exited: pausing", 0).orElseThrow().nanos();
    long respawned = live.activity.first("INFO spawned: 'pausing'", 1).orElseThrow().nanos();
    assertThat(Duration.ofNanos(respawned - exited)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
  }
}
