package dev.jsupervisor.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.SupervisorEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class StateTimelineTest {
  private static final ProcessName API = ProcessName.parse("web:api");
  private final ProcessStatsSamplerTest.ManualTime time = new ProcessStatsSamplerTest.ManualTime(0);
  private final StateTimeline timeline = new StateTimeline(time);

  private void change(ProcessName name, ProcessState from, ProcessState to) {
    timeline.onEvent(new SupervisorEvent.ProcessStateChanged(name, from, to, false, 42, 0));
  }

  @Test
  void onEvent_stateChanges_areKeptInOrderWithTheirTime() {
    change(API, ProcessState.STOPPED, ProcessState.STARTING);
    time.advance(Duration.ofSeconds(1));
    change(API, ProcessState.STARTING, ProcessState.RUNNING);
    assertThat(timeline.of(API)).extracting(StateTimeline.Change::to).containsExactly(ProcessState.STARTING, ProcessState.RUNNING);
    assertThat(timeline.of(API).get(1).epochMillis() - timeline.of(API).get(0).epochMillis()).isEqualTo(1000);
    assertThat(timeline.of(ProcessName.of("other"))).isEmpty();
  }

  @Test
  void onEvent_manyChanges_keepsTheLastPerProcess() {
    for (int i = 0; i < StateTimeline.PER_PROCESS + 5; i++) {
      change(API, ProcessState.RUNNING, i % 2 == 0 ? ProcessState.EXITED : ProcessState.STARTING);
    }
    assertThat(timeline.of(API)).hasSize(StateTimeline.PER_PROCESS);
    assertThat(timeline.of(API).get(StateTimeline.PER_PROCESS - 1).to()).isEqualTo(ProcessState.EXITED);
  }

  @Test
  void onEvent_groupRemoved_dropsItsProcesses() {
    change(API, ProcessState.STOPPED, ProcessState.STARTING);
    change(ProcessName.of("db"), ProcessState.STOPPED, ProcessState.STARTING);
    timeline.onEvent(new SupervisorEvent.GroupRemoved("web"));
    assertThat(timeline.of(API)).isEmpty();
    assertThat(timeline.of(ProcessName.of("db"))).hasSize(1);
  }
}
