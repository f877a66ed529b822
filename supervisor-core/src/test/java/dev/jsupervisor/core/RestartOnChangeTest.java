package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.SupervisorEvent.ChangeDetected;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Restart on change on fake time with fake file watching: debounce, actions, when watches exist. */
class RestartOnChangeTest {
  private static final Path CONF = Path.of("/srv/conf");
  private static final ProcessName WEB = new ProcessName("web", "web");

  private final FakeFileWatching watching = new FakeFileWatching();

  private Harness running(List<Signal> signals, List<String> command) {
    RestartOnChange r = new RestartOnChange(false, List.of(), List.of(), Optional.of(CONF), "*.yml", signals, command);
    Harness h = new Harness(0, b -> b.fileWatching(watching), Harness.single(Harness.spec("web").restartOnChange(r)));
    h.start();
    h.advanceSeconds(1.1);
    assertThat(h.supervisor.snapshot().process(WEB).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
    return h;
  }

  private List<ChangeDetected> changes(Harness h) {
    return h.events.events().stream().filter(e -> e instanceof ChangeDetected).map(e -> (ChangeDetected) e).toList();
  }

  @Test
  void aBurstOfChangesRestartsOnceAfterItSettles() {
    Harness h = running(List.of(), List.of());
    assertThat(watching.active()).singleElement().satisfies(s -> assertThat(s.recursive).isTrue());
    FakeChild first = h.launcher.last();
    for (int i = 0; i < 20; i++) {
      watching.change(CONF.resolve("f" + i + ".yml"));
      h.advance(Duration.ofMillis(100));
    }
    assertThat(first.signals()).as("still inside the burst").isEmpty();
    h.advance(RestartOnChangeWatch.QUIET);
    assertThat(first.signals()).extracting(FakeChild.Sent::signal).containsExactly(Signal.TERM.number());
    first.killedBy(Signal.TERM.number());
    h.advanceSeconds(0.1);
    assertThat(h.launcher.launches()).isEqualTo(2);
    assertThat(changes(h)).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(ChangeDetected.Action.RESTART);
      assertThat(c.trigger()).isEqualTo(ChangeDetected.Trigger.FILES);
      assertThat(c.changed()).hasSize(ChangeDetected.MAX_PATHS).first().isEqualTo(CONF.resolve("f0.yml"));
    });
    assertThat(h.log.lines()).anyMatch(l -> l.startsWith("INFO restart on change: 'web' monitored files changed (/srv/conf/f0.yml")
        && l.endsWith(" and 10 more changes): restarting it"));
    assertThat(watching.active()).as("released at the stop, one new watch at the new start").hasSize(1);
    h.advanceSeconds(5);
    assertThat(h.launcher.launches()).as("exactly one restart").isEqualTo(2);
  }

  @Test
  void filesNotMatchingThePatternAreIgnored() {
    Harness h = running(List.of(), List.of());
    watching.change(CONF.resolve("sub/notes.txt"));
    h.advanceSeconds(3);
    assertThat(h.launcher.last().signals()).isEmpty();
    watching.change(CONF.resolve("sub/deeper/app.yml"));
    h.advanceSeconds(1);
    assertThat(h.launcher.last().signals()).hasSize(1);
  }

  @Test
  void theSignalsAreSentWithoutARestart() {
    Harness h = running(List.of(Signal.HUP, Signal.USR1), List.of());
    watching.change(CONF.resolve("app.yml"));
    h.advanceSeconds(1);
    assertThat(h.launcher.last().signals()).extracting(FakeChild.Sent::signal)
        .containsExactly(Signal.HUP.number(), Signal.USR1.number());
    assertThat(h.launcher.launches()).isEqualTo(1);
    assertThat(changes(h)).singleElement().extracting(ChangeDetected::action).isEqualTo(ChangeDetected.Action.SIGNAL);
  }

  @Test
  void theCommandRunsInsteadOfTheSignalAndItsOutputIsLogged() {
    Harness h = running(List.of(Signal.HUP), List.of("/bin/echo", "--say=reloaded"));
    FakeChild program = h.launcher.last();
    watching.change(CONF.resolve("app.yml"));
    h.advanceSeconds(1);
    assertThat(program.signals()).isEmpty();
    assertThat(h.launcher.launches()).isEqualTo(2);
    FakeChild cmd = h.launcher.last();
    assertThat(cmd.request().argv()).containsExactly("/bin/echo", "--say=reloaded");
    assertThat(cmd.request().label()).isEqualTo("web 'web' restart command");
    cmd.exit(0);
    h.advanceSeconds(0.1);
    assertThat(h.log.lines()).contains("INFO 'web' restart command ended (exit status 0)",
        "INFO 'web' restart command output: reloaded");
    assertThat(h.supervisor.snapshot().process(WEB).orElseThrow().pid()).isEqualTo(program.pid());
    assertThat(changes(h)).singleElement().extracting(ChangeDetected::action).isEqualTo(ChangeDetected.Action.COMMAND);
  }

  @Test
  void aHungCommandIsKilledAfterItsTimeout() {
    Harness h = running(List.of(), List.of("/bin/sleep", "1000"));
    watching.change(CONF.resolve("app.yml"));
    h.advanceSeconds(1);
    FakeChild cmd = h.launcher.last();
    h.advance(RestartOnChangeWatch.COMMAND_TIMEOUT);
    assertThat(cmd.signals()).containsExactly(new FakeChild.Sent(Signal.KILL.number(), true));
    cmd.killedBy(Signal.KILL.number());
    h.advanceSeconds(0.1);
    assertThat(h.log.lines()).contains("WARN 'web' restart command timed out after 60 s and was killed (terminated by SIGKILL)");
  }

  @Test
  void onlyRunningProcessesAreActedOnAndStoppedOnesWatchNothing() {
    Harness h = running(List.of(), List.of());
    watching.change(CONF.resolve("app.yml"));
    h.done(h.supervisor.stop(WEB, false));
    h.launcher.last().killedBy(Signal.TERM.number());
    h.advanceSeconds(2);
    assertThat(watching.active()).isEmpty();
    assertThat(h.launcher.launches()).isEqualTo(1);
    assertThat(changes(h)).isEmpty();
  }

  @Test
  void aChangeWhileStartingIsIgnored() {
    RestartOnChange r = new RestartOnChange(false, List.of(), List.of(), Optional.of(CONF), "*", List.of(), List.of());
    Harness h = new Harness(0, b -> b.fileWatching(watching),
        Harness.single(Harness.spec("web").startsecs(Duration.ofSeconds(5)).restartOnChange(r)));
    h.start();
    watching.change(CONF.resolve("x"));
    h.advanceSeconds(1);
    assertThat(h.launcher.last().signals()).isEmpty();
    assertThat(h.log.lines()).anyMatch(l -> l.startsWith("DEBG restart on change: 'web' monitored files changed (/srv/conf/x) while STARTING"));
  }

  @Test
  void watchesAreReleasedWhenTheGroupIsRemovedAndALostDirectoryIsOnlyLogged() {
    Harness h = running(List.of(), List.of());
    watching.lose(CONF);
    h.advanceSeconds(0.1);
    assertThat(h.log.lines()).contains("WARN restart on change: /srv/conf (watched for 'web') is gone;"
        + " it is watched again when 'web' next starts");
    h.done(h.supervisor.stop(WEB, false));
    h.launcher.last().killedBy(Signal.TERM.number());
    h.advanceSeconds(0.1);
    h.done(h.supervisor.removeGroup("web"));
    assertThat(watching.active()).isEmpty();
  }

  @Test
  void theBinaryWatchFollowsThePathSearch() {
    RestartOnChange r = new RestartOnChange(true, List.of(Signal.HUP), List.of(), Optional.empty(), "*", List.of(), List.of());
    Harness h = new Harness(0, b -> b.fileWatching(watching),
        Harness.single(Harness.spec("web").command("cat").restartOnChange(r)));
    h.start();
    h.advanceSeconds(1.1);
    assertThat(watching.active()).extracting(s -> s.recursive).containsOnly(false);
    Path exe = Path.of(h.launcher.last().request().argv().get(0));
    watching.change(exe.resolveSibling("other"));
    h.advanceSeconds(1);
    assertThat(h.launcher.last().signals()).isEmpty();
    watching.change(exe);
    h.advanceSeconds(1);
    assertThat(h.launcher.last().signals()).extracting(FakeChild.Sent::signal).containsExactly(Signal.HUP.number());
    assertThat(changes(h)).singleElement().extracting(ChangeDetected::trigger).isEqualTo(ChangeDetected.Trigger.BINARY);
  }
}
