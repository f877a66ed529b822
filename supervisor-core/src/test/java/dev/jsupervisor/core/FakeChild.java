package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A child that exists only in the test: it records signals and stdin, and exits when the test says
 * so (the exit is reported like a real launcher's, from "outside" the loop), or, when its launcher
 * was made {@link FakeLauncher#exitingOnStopSignals()}, when it is sent a stop signal. Thread-safe.
 */
public final class FakeChild implements ChildProcess {
  /** One signal sent to the child. */
  public record Sent(int signal, boolean group) {}

  private static final Set<Integer> STOP_SIGNALS = Set.of(2, 3, 9, 15);

  private final int pid;
  private final LaunchRequest request;
  private final Consumer<ExitStatus> onExit;
  private final Executor exits;
  private final List<Sent> signals = new ArrayList<>();
  private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
  private boolean stdinClosed;
  private String signalFailure;
  private boolean exited;

  FakeChild(int pid, LaunchRequest request, Consumer<ExitStatus> onExit, Executor exits) {
    this.pid = pid;
    this.request = request;
    this.onExit = onExit;
    this.exits = exits;
  }

  @Override
  public int pid() {
    return pid;
  }

  public LaunchRequest request() {
    return request;
  }

  @Override
  public void signal(int signal, boolean group) throws IOException {
    synchronized (this) {
      signals.add(new Sent(signal, group));
      if (signalFailure != null) {
        throw new IOException(signalFailure);
      }
      if (exits == null || exited || !STOP_SIGNALS.contains(signal)) {
        return;
      }
      exited = true;
    }
    exits.execute(() -> onExit.accept(new ExitStatus.Signalled(signal)));
  }

  @Override
  public synchronized void writeStdin(byte[] data) throws IOException {
    if (stdinClosed || exited) {
      throw new IOException("Broken pipe");
    }
    stdin.write(data);
  }

  /** Records at once, like {@link #writeStdin}; {@code done} runs on the calling thread. */
  @Override
  public void writeStdinAsync(byte[] data, Consumer<IOException> done) {
    IOException failure = null;
    try {
      writeStdin(data);
    } catch (IOException e) {
      failure = e;
    }
    done.accept(failure);
  }

  @Override
  public synchronized void closeStdin() {
    stdinClosed = true;
  }

  /** Every later signal fails with an IOException with this text (as EPERM would). */
  public synchronized void failSignals(String message) {
    signalFailure = message;
  }

  /** Whether the child has exited (by the test's word or by a stop signal). */
  public synchronized boolean hasExited() {
    return exited;
  }

  public synchronized List<Sent> signals() {
    return List.copyOf(signals);
  }

  public synchronized String stdinText() {
    return stdin.toString(StandardCharsets.UTF_8);
  }

  /** Writes to the stdout sink, as the launcher's I/O thread would. */
  public void emitStdout(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    request.stdout().write(b, 0, b.length);
  }

  /** Writes to the stderr sink, as the launcher's I/O thread would. */
  public void emitStderr(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    request.stderr().write(b, 0, b.length);
  }

  /** The child exits by itself with {@code code}. */
  public void exit(int code) {
    end(new ExitStatus.Exited(code));
  }

  /** The child is killed by {@code signal} (not sent by the engine). */
  public void killedBy(int signal) {
    end(new ExitStatus.Signalled(signal));
  }

  private void end(ExitStatus status) {
    synchronized (this) {
      if (exited) {
        throw new AssertionError("child " + pid + " already exited");
      }
      exited = true;
    }
    if (exits != null) {
      exits.execute(() -> onExit.accept(status));
    } else {
      onExit.accept(status);
    }
  }
}
