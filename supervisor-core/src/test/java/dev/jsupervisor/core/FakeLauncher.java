package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.ProcessLauncher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A launcher that starts nothing: it records each {@link LaunchRequest} and returns a
 * {@link FakeChild} the test drives ({@code exit(1)}, {@code killedBy(9)}). {@link #failSpawn}
 * makes the next launch fail. Thread-safe; reusable by other modules.
 */
final class FakeLauncher implements ProcessLauncher {
  private final List<LaunchRequest> requests = new ArrayList<>();
  private final List<FakeChild> children = new ArrayList<>();
  private final Deque<String> failures = new ArrayDeque<>();
  private int nextPid = 1000;
  private boolean closed;

  @Override
  public synchronized FakeChild launch(LaunchRequest request, Consumer<ExitStatus> onExit) throws LaunchException {
    requests.add(request);
    String failure = failures.poll();
    if (failure != null) {
      throw new LaunchException(failure);
    }
    FakeChild child = new FakeChild(nextPid++, request, onExit);
    children.add(child);
    return child;
  }

  /** The next launch throws a LaunchException with this message. */
  synchronized void failSpawn(String message) {
    failures.add(message);
  }

  synchronized List<LaunchRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<FakeChild> children() {
    return List.copyOf(children);
  }

  /** The most recently launched child. */
  synchronized FakeChild last() {
    if (children.isEmpty()) {
      throw new AssertionError("nothing was launched");
    }
    return children.get(children.size() - 1);
  }

  /** The most recent child whose label is {@code label} (e.g. {@code web:api}). */
  synchronized FakeChild last(String label) {
    for (int i = children.size() - 1; i >= 0; i--) {
      if (children.get(i).request().label().equals(label)) {
        return children.get(i);
      }
    }
    throw new AssertionError("nothing was launched as " + label);
  }

  synchronized int launches() {
    return requests.size();
  }

  /** Labels in launch order. */
  synchronized List<String> labels() {
    return requests.stream().map(LaunchRequest::label).toList();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  synchronized boolean isClosed() {
    return closed;
  }
}
