package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;

/** Records every event; thread-safe. {@link #transitions} gives compact "FROM->TO" strings. */
final class RecordingListener implements SupervisorListener {
  private final List<SupervisorEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(SupervisorEvent event) {
    events.add(event);
  }

  synchronized List<SupervisorEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<SupervisorEvent.ProcessStateChanged> stateChanges() {
    return events.stream().filter(e -> e instanceof SupervisorEvent.ProcessStateChanged)
        .map(e -> (SupervisorEvent.ProcessStateChanged) e).toList();
  }

  /** {@code ["STOPPED->STARTING", "STARTING->RUNNING", ...]} of one process. */
  synchronized List<String> transitions(ProcessName name) {
    return stateChanges().stream().filter(e -> e.name().equals(name)).map(e -> e.from() + "->" + e.to()).toList();
  }

  /** {@code ["a STOPPED->STARTING", "b STOPPED->STARTING", ...]} of every process. */
  synchronized List<String> allTransitions() {
    return stateChanges().stream().map(e -> e.name().namespec() + " " + e.from() + "->" + e.to()).toList();
  }

  synchronized void clear() {
    events.clear();
  }
}
