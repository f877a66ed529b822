package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.NotifySocket;
import dev.jsupervisor.core.spi.ProcessLauncher;
import dev.jsupervisor.core.spi.SharedSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A launcher that starts nothing: it records each {@link LaunchRequest} and returns a
 * {@link FakeChild} the test drives ({@code exit(1)}, {@code killedBy(9)}). {@link #failSpawn}
 * makes the next launch fail. Thread-safe; shared with the other modules' tests (core's test-jar).
 *
 * <p>For tests that run the engine on its real loop thread, {@link #exitingOnStopSignals()} gives
 * children that "run" until sent INT, QUIT, KILL or TERM and then exit by that signal, reported on
 * the launcher's own thread as the SPI requires. In both modes an argv word {@code --fail-spawn}
 * makes that launch fail, and {@code --say=text} writes {@code text\n} to the child's stdout sink.
 */
public final class FakeLauncher implements ProcessLauncher {
  private final List<LaunchRequest> requests = new ArrayList<>();
  private final List<FakeChild> children = new ArrayList<>();
  private final Deque<String> failures = new ArrayDeque<>();
  private final List<FakeSocket> sockets = new ArrayList<>();
  private final Deque<String> socketFailures = new ArrayDeque<>();
  private final List<FakeNotifySocket> notifySockets = new ArrayList<>();
  private final Deque<String> notifyFailures = new ArrayDeque<>();
  private final ExecutorService exits;
  private int nextPid = 1000;
  private boolean closed;

  /** Children exit only when the test says so. */
  public FakeLauncher() {
    this.exits = null;
  }

  private FakeLauncher(ExecutorService exits) {
    this.exits = exits;
    this.nextPid = 4_000_000;
  }

  /** Children exit by the stop signals they are sent, on a thread of the launcher's. */
  public static FakeLauncher exitingOnStopSignals() {
    return new FakeLauncher(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fake-launcher");
      t.setDaemon(true);
      return t;
    }));
  }

  @Override
  public synchronized FakeChild launch(LaunchRequest request, Consumer<ExitStatus> onExit) throws LaunchException {
    requests.add(request);
    String failure = failures.poll();
    if (failure == null && request.argv().contains("--fail-spawn")) {
      failure = "can't find command '--fail-spawn'";
    }
    if (failure != null) {
      throw new LaunchException(failure);
    }
    FakeChild child = new FakeChild(nextPid++, request, onExit, exits);
    request.onSpawned().accept(child.pid());
    children.add(child);
    for (String word : request.argv()) {
      if (word.startsWith("--say=")) {
        byte[] b = (word.substring("--say=".length()) + "\n").getBytes(StandardCharsets.UTF_8);
        request.stdout().write(b, 0, b.length);
      }
    }
    return child;
  }

  private volatile boolean descriptorsToSpare = true;

  /** What {@link #descriptorsToSpare()} answers from now on (false: as if at the fd limit). */
  public void descriptorsToSpare(boolean spare) {
    descriptorsToSpare = spare;
  }

  @Override
  public boolean descriptorsToSpare() {
    return descriptorsToSpare;
  }

  /** A shared socket that only records whether it is open. */
  public static final class FakeSocket implements SharedSocket {
    private final String url;
    private volatile boolean closed;

    FakeSocket(String url) {
      this.url = url;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public void close() {
      closed = true;
    }

    public boolean isOpen() {
      return !closed;
    }
  }

  /** Records the socket; {@link #failSocket} makes the next one fail. */
  @Override
  public synchronized SharedSocket openSharedSocket(SharedSocketSpec spec) throws LaunchException {
    String failure = socketFailures.poll();
    if (failure != null) {
      throw new LaunchException(failure);
    }
    FakeSocket s = new FakeSocket(spec.url());
    sockets.add(s);
    return s;
  }

  /** The next openSharedSocket throws a LaunchException with this message. */
  public synchronized void failSocket(String message) {
    socketFailures.add(message);
  }

  /** Every shared socket opened, in order. */
  public synchronized List<FakeSocket> sockets() {
    return List.copyOf(sockets);
  }

  /** How many shared sockets are open now. */
  public synchronized long openSockets() {
    return sockets.stream().filter(FakeSocket::isOpen).count();
  }

  /** An sd_notify socket the test sends to ({@link #send}): datagrams go to the engine as from the I/O thread. */
  public static final class FakeNotifySocket implements NotifySocket {
    private final String address;
    private final String label;
    private final Consumer<byte[]> onDatagram;
    private volatile boolean closed;

    FakeNotifySocket(String address, String label, Consumer<byte[]> onDatagram) {
      this.address = address;
      this.label = label;
      this.onDatagram = onDatagram;
    }

    @Override
    public String address() {
      return address;
    }

    /** The label it was opened for. */
    public String label() {
      return label;
    }

    /** One datagram, as a program's sd_notify sends it; dropped (as ECONNREFUSED) once closed. */
    public void send(String text) {
      if (!closed) {
        onDatagram.accept(text.getBytes(StandardCharsets.UTF_8));
      }
    }

    /** A datagram that was already read when the socket closed: still delivered. */
    public void deliverEvenIfClosed(String text) {
      onDatagram.accept(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      closed = true;
    }

    public boolean isOpen() {
      return !closed;
    }
  }

  /** Records the socket; {@link #failNotifySocket} makes the next one fail. */
  @Override
  public synchronized NotifySocket openNotifySocket(String label, java.util.Optional<String> user,
      Consumer<byte[]> onDatagram) throws LaunchException {
    String failure = notifyFailures.poll();
    if (failure != null) {
      throw new LaunchException(failure);
    }
    FakeNotifySocket s = new FakeNotifySocket("/fake/notify/" + (notifySockets.size() + 1) + ".sock", label, onDatagram);
    notifySockets.add(s);
    return s;
  }

  /** The next openNotifySocket throws a LaunchException with this message. */
  public synchronized void failNotifySocket(String message) {
    notifyFailures.add(message);
  }

  /** Every sd_notify socket opened, in order. */
  public synchronized List<FakeNotifySocket> notifySockets() {
    return List.copyOf(notifySockets);
  }

  /** The next launch throws a LaunchException with this message. */
  public synchronized void failSpawn(String message) {
    failures.add(message);
  }

  public synchronized List<LaunchRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<FakeChild> children() {
    return List.copyOf(children);
  }

  /** The most recently launched child. */
  public synchronized FakeChild last() {
    if (children.isEmpty()) {
      throw new AssertionError("nothing was launched");
    }
    return children.get(children.size() - 1);
  }

  /** The most recent child whose label is {@code label} (e.g. {@code web:api}). */
  public synchronized FakeChild last(String label) {
    for (int i = children.size() - 1; i >= 0; i--) {
      if (children.get(i).request().label().equals(label)) {
        return children.get(i);
      }
    }
    throw new AssertionError("nothing was launched as " + label);
  }

  public synchronized int launches() {
    return requests.size();
  }

  /** Labels in launch order. */
  public synchronized List<String> labels() {
    return requests.stream().map(LaunchRequest::label).toList();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (exits != null) {
      exits.shutdown();
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }
}
