package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pre_start_hook and pre_stop_hook on the fake loop and launcher. */
class HooksTest {
  private static final ProcessName WEB = new ProcessName("web", "web");

  private static Harness harness(List<String> preStart, List<String> preStop, ProcessSpec.Builder spec) {
    ProgramExtrasSpec extras = new ProgramExtrasSpec(Optional.empty(), preStart, preStop);
    return new Harness(Harness.single(spec.extras(extras))).start();
  }

  @Test
  void thePreStartHookRunsBeforeEveryAttempt_aFailureIsLoggedAndTheStartGoesOn() {
    Harness h = harness(List.of("/bin/echo", "--x"), List.of(),
        Harness.spec("web").startsecs(Duration.ofSeconds(1)).startretries(3));
    assertThat(h.launcher.labels()).containsExactly("web 'web' pre_start_hook");
    assertThat(h.state("web")).isEqualTo(ProcessState.STARTING);
    assertThat(h.launcher.last().request().argv()).containsExactly("/bin/echo", "--x");
    h.advanceSeconds(5);
    assertThat(h.launcher.launches()).as("the program waits for the hook").isEqualTo(1);
    h.launcher.last().exit(3);
    h.advanceSeconds(0.1);
    assertThat(h.log.lines()).contains("WARN 'web' pre_start_hook ended (exit status 3)");
    assertThat(h.launcher.labels()).containsExactly("web 'web' pre_start_hook", "web");
    h.advanceSeconds(0.5);
    h.launcher.last().exit(1); // too quickly: BACKOFF, then the next attempt runs the hook again
    h.advanceSeconds(1.5);
    assertThat(h.state("web")).isEqualTo(ProcessState.STARTING);
    assertThat(h.launcher.labels()).containsExactly("web 'web' pre_start_hook", "web", "web 'web' pre_start_hook");
    h.launcher.last().exit(0);
    h.advanceSeconds(1.1);
    assertThat(h.state("web")).isEqualTo(ProcessState.RUNNING);
    assertThat(h.log.lines()).contains("INFO 'web' pre_start_hook ended (exit status 0)");
  }

  @Test
  void aHungPreStartHookIsKilledAtTheTimeout_andTheStartGoesOn() {
    Harness h = harness(List.of("/bin/sleep", "1000"), List.of(), Harness.spec("web").startsecs(Duration.ZERO));
    FakeChild hook = h.launcher.last();
    h.advance(ProgramExtrasSpec.HOOK_TIMEOUT.minusMillis(100));
    assertThat(hook.signals()).isEmpty();
    h.advanceSeconds(0.2);
    assertThat(hook.signals()).containsExactly(new FakeChild.Sent(Signal.KILL.number(), true));
    hook.killedBy(Signal.KILL.number());
    h.advanceSeconds(0.1);
    assertThat(h.log.lines()).contains("WARN 'web' pre_start_hook timed out after 60 s and was killed (terminated by SIGKILL)");
    assertThat(h.launcher.last().request().label()).isEqualTo("web");
    assertThat(h.state("web")).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void aStopWhileThePreStartHookRunsCancelsTheStart() {
    Harness h = harness(List.of("/bin/echo", "prepare"), List.of(), Harness.spec("web").startsecs(Duration.ZERO));
    FakeChild hook = h.launcher.last();
    h.done(h.supervisor.stop(WEB, true));
    assertThat(h.state("web")).isEqualTo(ProcessState.STOPPED);
    assertThat(h.log.lines()).contains("INFO stopped: web (start cancelled while its pre_start_hook ran)");
    hook.exit(0);
    h.advanceSeconds(2);
    assertThat(h.launcher.launches()).as("the program is never launched").isEqualTo(1);
    assertThat(h.state("web")).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void thePreStopHookRunsBeforeTheFirstStopSignal_evenWhenItFails() {
    Harness h = harness(List.of(), List.of("/bin/echo", "drain"), Harness.spec("web").startsecs(Duration.ZERO));
    FakeChild program = h.launcher.last();
    assertThat(h.state("web")).isEqualTo(ProcessState.RUNNING);
    h.supervisor.stop(WEB, true);
    h.advanceSeconds(0.1);
    assertThat(h.state("web")).isEqualTo(ProcessState.STOPPING);
    FakeChild hook = h.launcher.last();
    assertThat(hook.request().label()).isEqualTo("web 'web' pre_stop_hook");
    h.advanceSeconds(30);
    assertThat(program.signals()).as("no signal while the hook runs").isEmpty();
    hook.exit(1);
    h.advanceSeconds(0.1);
    assertThat(h.log.lines()).contains("WARN 'web' pre_stop_hook ended (exit status 1)");
    assertThat(program.signals()).containsExactly(new FakeChild.Sent(Signal.TERM.number(), false));
    program.killedBy(Signal.TERM.number());
    h.advanceSeconds(0.1);
    assertThat(h.state("web")).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void aHungPreStopHookIsKilledAtTheTimeout_thenTheSignalsGo() {
    Harness h = harness(List.of(), List.of("/bin/sleep", "1000"), Harness.spec("web").startsecs(Duration.ZERO));
    FakeChild program = h.launcher.last();
    h.supervisor.stop(WEB, true);
    h.advanceSeconds(0.1);
    FakeChild hook = h.launcher.last();
    h.advance(ProgramExtrasSpec.HOOK_TIMEOUT);
    assertThat(hook.signals()).containsExactly(new FakeChild.Sent(Signal.KILL.number(), true));
    hook.killedBy(Signal.KILL.number());
    h.advanceSeconds(0.1);
    assertThat(program.signals()).containsExactly(new FakeChild.Sent(Signal.TERM.number(), false));
  }
}
