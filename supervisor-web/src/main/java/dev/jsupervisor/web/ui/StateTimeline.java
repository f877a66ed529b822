package dev.jsupervisor.web.ui;

import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.SupervisorEvent;
import dev.jsupervisor.core.SupervisorListener;
import dev.jsupervisor.core.TimeSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@link #PER_PROCESS} state changes of every process, with the wall time they were seen,
 * for the page's timeline of one process. Fed by the engine's event stream ({@link #onEvent} runs on
 * the engine's delivery thread and only appends); read by request threads. A removed group's history
 * is dropped. Memory is bounded: {@code PER_PROCESS} small records per process.
 */
final class StateTimeline implements SupervisorListener {
  static final int PER_PROCESS = 60;

  /** One state change at wall time {@code epochMillis}. */
  record Change(long epochMillis, ProcessState from, ProcessState to, boolean expected, int pid) {}

  private final TimeSource time;
  private final Map<ProcessName, ArrayDeque<Change>> changes = new HashMap<>();

  StateTimeline(TimeSource time) {
    this.time = time;
  }

  @Override
  public void onEvent(SupervisorEvent event) {
    if (event instanceof SupervisorEvent.ProcessStateChanged e) {
      Change c = new Change(time.now().toEpochMilli(), e.from(), e.to(), e.expected(), e.pid());
      synchronized (this) {
        ArrayDeque<Change> list = changes.computeIfAbsent(e.name(), n -> new ArrayDeque<>());
        list.addLast(c);
        while (list.size() > PER_PROCESS) {
          list.removeFirst();
        }
      }
    } else if (event instanceof SupervisorEvent.GroupRemoved e) {
      synchronized (this) {
        changes.keySet().removeIf(n -> n.group().equals(e.group()));
      }
    }
  }

  /** The changes of {@code name}, oldest first; empty if none were seen. Any thread. */
  synchronized List<Change> of(ProcessName name) {
    ArrayDeque<Change> list = changes.get(name);
    return list == null ? List.of() : List.copyOf(list);
  }
}
