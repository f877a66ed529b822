package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupChange.Restart;
import dev.jsupervisor.core.SupervisorEvent.GroupAdded;
import dev.jsupervisor.core.SupervisorEvent.GroupRemoved;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Supervisor.updateGroup: only the members whose own configuration changed are restarted. */
class GroupUpdateTest {

  /** A {@code [program:web]} with {@code numprocs = n}; member i gets {@code tweak(i)} applied. */
  private static GroupSpec web(int n, int priority, UnaryOperator<ProcessSpec.Builder> tweak) {
    List<ProcessSpec> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add(tweak.apply(Harness.spec("web_0" + i).program("web").startsecs(Duration.ZERO)).build());
    }
    return new GroupSpec("web", priority, members);
  }

  private static GroupSpec web(int n) {
    return web(n, 999, b -> b);
  }

  private static int pid(Harness h, String namespec) {
    return h.info(namespec).pid();
  }

  /** Runs the loop, kills the stopped children as they are signalled, and returns the change. */
  private static GroupChange apply(Harness h, GroupSpec spec, boolean groupGrain) {
    UpdateGrain grain = groupGrain ? UpdateGrain.GROUP : UpdateGrain.PROCESS;
    var f = h.supervisor.updateGroup(spec, grain);
    h.loop.runUntilIdle();
    for (FakeChild c : h.launcher.children()) {
      if (!c.signals().isEmpty() && !c.hasExited()) {
        c.killedBy(15);
      }
    }
    return h.done(f);
  }

  @Test
  void onlyTheChangedMemberIsRestarted_theOthersKeepTheirPid() {
    Harness h = new Harness(web(3)).start();
    int p0 = pid(h, "web:web_00");
    int p2 = pid(h, "web:web_02");
    int old1 = pid(h, "web:web_01");
    GroupChange change = apply(h, web(3, 999, b -> b.build().name().equals("web_01")
        ? b.command("/bin/cat -u").env("MODE", "fast") : b), false);
    assertThat(change.wholeGroup()).isEmpty();
    assertThat(change.restarted()).containsExactly(new Restart("web_01", List.of("command", "environment")));
    assertThat(change.unchanged()).containsExactly("web_00", "web_02");
    assertThat(pid(h, "web:web_00")).isEqualTo(p0);
    assertThat(pid(h, "web:web_02")).isEqualTo(p2);
    assertThat(h.state("web:web_01")).isEqualTo(ProcessState.RUNNING);
    assertThat(pid(h, "web:web_01")).isNotEqualTo(old1).isNotZero();
    assertThat(h.launcher.last("web:web_01").request().argv()).containsExactly("/bin/cat", "-u");
    assertThat(h.events.events()).doesNotContain(new GroupRemoved("web"));
    assertThat(h.supervisor.snapshot().group("web").orElseThrow().processes().get(1).command()).isEqualTo("/bin/cat -u");
  }

  @Test
  void numprocsUp_addsOnlyTheSurplus() {
    Harness h = new Harness(web(2)).start();
    int p0 = pid(h, "web:web_00");
    int p1 = pid(h, "web:web_01");
    GroupChange change = apply(h, web(4), false);
    assertThat(change.added()).containsExactly("web_02", "web_03");
    assertThat(change.restarted()).isEmpty();
    assertThat(pid(h, "web:web_00")).isEqualTo(p0);
    assertThat(pid(h, "web:web_01")).isEqualTo(p1);
    assertThat(h.state("web:web_02")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.state("web:web_03")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.launcher.launches()).isEqualTo(4);
  }

  @Test
  void numprocsDown_stopsAndDropsOnlyTheSurplus() {
    Harness h = new Harness(web(3)).start();
    int p0 = pid(h, "web:web_00");
    FakeChild last = h.launcher.last("web:web_02");
    GroupChange change = apply(h, web(2), false);
    assertThat(change.removed()).containsExactly("web_02");
    assertThat(last.hasExited()).isTrue();
    assertThat(h.launcher.last("web:web_01").signals()).isEmpty();
    assertThat(pid(h, "web:web_00")).isEqualTo(p0);
    assertThat(h.supervisor.snapshot().process(ProcessName.parse("web:web_02"))).isEmpty();
    assertThat(h.supervisor.snapshot().processes()).hasSize(2);
  }

  @Test
  void aMemberTheUserStoppedStaysStoppedAndAnAutostartFalseReplacementIsNotStarted() {
    Harness h = new Harness(web(2)).start();
    h.supervisor.stop(ProcessName.parse("web:web_00"), false);
    h.loop.runUntilIdle();
    h.launcher.last("web:web_00").killedBy(15);
    h.loop.runUntilIdle();
    apply(h, web(2, 999, b -> b.build().name().equals("web_01") ? b.autostart(false) : b), false);
    assertThat(h.state("web:web_00")).isEqualTo(ProcessState.STOPPED);
    assertThat(h.state("web:web_01")).isEqualTo(ProcessState.STOPPED);
    assertThat(h.launcher.launches()).isEqualTo(2);
  }

  @Test
  void groupGrain_restartsEveryMemberAsSupervisordDoes() {
    Harness h = new Harness(web(2)).start();
    int p0 = pid(h, "web:web_00");
    GroupChange change = apply(h, web(2, 999, b -> b.build().name().equals("web_01") ? b.stopwaitsecs(Duration.ofSeconds(3)) : b), true);
    assertThat(change.wholeGroup()).contains("update_grain = group");
    assertThat(change.restarted()).containsExactly(new Restart("web_01", List.of("stopwaitsecs")), new Restart("web_00", List.of()));
    assertThat(pid(h, "web:web_00")).isNotEqualTo(p0).isNotZero();
    assertThat(h.events.events()).containsSubsequence(new GroupRemoved("web"), new GroupAdded("web"));
  }

  @Test
  void aGroupPriorityChangeReplacesTheWholeGroup() {
    Harness h = new Harness(web(2)).start();
    GroupChange change = apply(h, web(2, 5, b -> b), false);
    assertThat(change.wholeGroup()).contains("group priority changed");
    assertThat(h.launcher.launches()).isEqualTo(4);
  }

  @Test
  void anUnchangedGroupIsNotTouched() {
    Harness h = new Harness(web(2)).start();
    GroupChange change = apply(h, web(2), false);
    assertThat(change.isEmpty()).isTrue();
    assertThat(change.unchanged()).containsExactly("web_00", "web_01");
    assertThat(h.launcher.launches()).isEqualTo(2);
    assertThat(h.launcher.children()).allSatisfy(c -> assertThat(c.signals()).isEmpty());
  }

  @Test
  void anInactiveGroupIsBadName() {
    Harness h = new Harness(web(1)).start();
    GroupSpec other = new GroupSpec("other", 999, List.of(Harness.spec("x").build()));
    assertThat(h.failure(h.supervisor.updateGroup(other, UpdateGrain.PROCESS))).hasMessage("BAD_NAME: other");
  }

  @Test
  void changedKeys_areSupervisordKeyNames_andAutoLogsMatchAnyFile() {
    ProcessSpec a = ProcessSpec.builder("x", "/bin/cat").stderr(LogSpec.NONE).build();
    ProcessSpec b = a.toBuilder().stopsignal(Signal.INT).redirectStderr(true).dependsOn(List.of("db"))
        .environment(Map.of("A", "1")).stderr(LogSpec.NONE.withTargets(List.of(new LogTarget.Stderr()))).build();
    assertThat(GroupChange.changedKeys(a, b))
        .containsExactly("stopsignal", "environment", "redirect_stderr", "stderr_*", "depends_on");
    assertThat(GroupChange.changedKeys(a, a.toBuilder().build())).isEmpty();
    // stdout AUTO (the default) is the same configuration as the file the engine named for it
    ProcessSpec named = a.toBuilder().stdout(LogSpec.DEFAULT.withTargets(
        List.of(new LogTarget.File(java.nio.file.Path.of("/tmp/x-stdout.log"), false)))).build();
    assertThat(GroupChange.changedKeys(a, named)).isEmpty();
  }
}
