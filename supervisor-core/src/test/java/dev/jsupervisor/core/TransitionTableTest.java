package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.spi.ProcessLauncher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair against supervisord's table, through {@link SupervisedProcess#transitionTo}. */
final class TransitionTableTest {
  /** The table as written in the spec (§3.2), independent of ProcessState's own copy. */
  private static final Map<ProcessState, Set<ProcessState>> SPEC = new EnumMap<>(ProcessState.class);

  static {
    // plus STOPPED/EXITED -> FATAL, reached only by the opt-in restart limit (issue 15)
    SPEC.put(ProcessState.STOPPED, EnumSet.of(ProcessState.STARTING, ProcessState.FATAL));
    SPEC.put(ProcessState.STARTING, EnumSet.of(ProcessState.RUNNING, ProcessState.BACKOFF, ProcessState.STOPPING,
        ProcessState.UNKNOWN));
    SPEC.put(ProcessState.RUNNING, EnumSet.of(ProcessState.EXITED, ProcessState.STOPPING, ProcessState.UNKNOWN));
    SPEC.put(ProcessState.BACKOFF, EnumSet.of(ProcessState.STARTING, ProcessState.FATAL, ProcessState.STOPPED));
    SPEC.put(ProcessState.STOPPING, EnumSet.of(ProcessState.STOPPED, ProcessState.UNKNOWN));
    SPEC.put(ProcessState.EXITED, EnumSet.of(ProcessState.STARTING, ProcessState.FATAL));
    SPEC.put(ProcessState.FATAL, EnumSet.of(ProcessState.STARTING));
    SPEC.put(ProcessState.UNKNOWN, EnumSet.noneOf(ProcessState.class));
  }

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (ProcessState from : ProcessState.values()) {
      for (ProcessState to : ProcessState.values()) {
        out.add(Arguments.of(from, to));
      }
    }
    return out.stream();
  }

  /** An observer that records events; the process runs on a hand-stepped loop and launches nothing. */
  private static final class RecordingObserver implements ProcessObserver {
    final List<SupervisorEvent> events = new ArrayList<>();

    @Override public void transitioned(SupervisedProcess p, SupervisorEvent.ProcessStateChanged event) { events.add(event); }
    @Override public void emitted(SupervisedProcess p, SupervisorEvent event) { events.add(event); }
    @Override public void changed(SupervisedProcess p) { }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void transitionTo_everyPair_followsTheTable(ProcessState from, ProcessState to) {
    assertThat(from.canTransitionTo(to)).isEqualTo(SPEC.get(from).contains(to));
    RecordingObserver host = new RecordingObserver();
    ProcessServices services = new ProcessServices(new ManualLoop().loop, new FakeLauncher(), ActivityLog.NONE,
        new ChildEnvironment(Map.of(), Map.of(), null), new Mood());
    ProcessName name = new ProcessName("web", "api");
    SupervisedProcess p = new SupervisedProcess(services, host, name, Harness.spec("api").build(), 999,
        LogSpec.NONE, LogSpec.NONE);
    for (ProcessState step : pathTo(from)) {
      p.transitionTo(step);
    }
    assertThat(p.state()).isEqualTo(from);
    int before = host.events.size();
    if (SPEC.get(from).contains(to)) {
      p.transitionTo(to, true);
      assertThat(p.state()).isEqualTo(to);
      assertThat(host.events).hasSize(before + 1);
      var event = (SupervisorEvent.ProcessStateChanged) host.events.get(before);
      assertThat(List.of(event.name(), event.from(), event.to(), event.expected(), event.pid()))
          .containsExactly(name, from, to, true, 0);
    } else {
      assertThatThrownBy(() -> p.transitionTo(to)).isInstanceOf(IllegalStateException.class)
          .hasMessage("web:api: " + from + " -> " + to + " is not a legal transition");
      assertThat(p.state()).isEqualTo(from);
      assertThat(host.events).hasSize(before);
    }
  }

  /** A shortest path of legal transitions from STOPPED (breadth-first over the spec's table). */
  private static List<ProcessState> pathTo(ProcessState target) {
    Map<ProcessState, ProcessState> parent = new HashMap<>();
    Deque<ProcessState> queue = new ArrayDeque<>(List.of(ProcessState.STOPPED));
    parent.put(ProcessState.STOPPED, null);
    while (!queue.isEmpty()) {
      ProcessState s = queue.poll();
      for (ProcessState n : SPEC.get(s)) {
        if (!parent.containsKey(n)) {
          parent.put(n, s);
          queue.add(n);
        }
      }
    }
    List<ProcessState> path = new ArrayList<>();
    for (ProcessState s = target; s != ProcessState.STOPPED; s = parent.get(s)) {
      path.add(0, s);
    }
    return path;
  }
}
