package dev.jsupervisor.web.testing;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.ProcessLauncher;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Starts no real process: each launch yields a {@link FakeChild} that "runs" until signalled (then it
 * exits by that signal, on the launcher's own thread, as the SPI requires). A command whose argv
 * contains {@code --fail-spawn} fails with a spawn error; one with {@code --say=text} writes
 * {@code text\n} to its stdout at once.
 */
public final class FakeLauncher implements ProcessLauncher {
  private final AtomicInteger pids = new AtomicInteger(4_000_000);
  private final ExecutorService exits = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-launcher"));
  public final Map<String, FakeChild> children = new ConcurrentHashMap<>();

  @Override
  public ChildProcess launch(LaunchRequest request, Consumer<ExitStatus> onExit) throws LaunchException {
    if (request.argv().contains("--fail-spawn")) {
      throw new LaunchException("can't find command '--fail-spawn'");
    }
    FakeChild child = new FakeChild(pids.incrementAndGet(), onExit);
    for (String a : request.argv()) {
      if (a.startsWith("--say=")) {
        byte[] b = (a.substring(6) + "\n").getBytes(StandardCharsets.UTF_8);
        request.stdout().write(b, 0, b.length);
      }
    }
    children.put(request.label(), child);
    return child;
  }

  @Override
  public void close() {
    exits.shutdownNow();
  }

  /** A pretend child; it records every signal and exits on INT, QUIT, KILL or TERM. */
  public final class FakeChild implements ChildProcess {
    private final int pid;
    private final Consumer<ExitStatus> onExit;
    private volatile boolean exited;
    public final java.util.List<Integer> signals = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeChild(int pid, Consumer<ExitStatus> onExit) {
      this.pid = pid;
      this.onExit = onExit;
    }

    @Override public int pid() { return pid; }

    @Override
    public synchronized void signal(int signal, boolean group) {
      signals.add(signal);
      if ((signal == 2 || signal == 3 || signal == 9 || signal == 15) && !exited) {
        exited = true;
        exits.execute(() -> onExit.accept(new ExitStatus.Signalled(signal)));
      }
    }

    /** The child exits by itself with {@code code}. */
    public synchronized void exit(int code) {
      if (!exited) {
        exited = true;
        exits.execute(() -> onExit.accept(new ExitStatus.Exited(code)));
      }
    }

    @Override public void writeStdin(byte[] data) {}
    @Override public void writeStdinAsync(byte[] data, Consumer<java.io.IOException> done) {
      done.accept(null);
    }
    @Override public void closeStdin() {}
  }
}
