package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A child that exists only in the test: it records signals and stdin, and exits when the test says
 * so (the exit is reported like a real launcher's, from "outside" the loop). Thread-safe.
 */
final class FakeChild implements ChildProcess {
  /** One signal sent to the child. */
  record Sent(int signal, boolean group) {}

  private final int pid;
  private final LaunchRequest request;
  private final Consumer<ExitStatus> onExit;
  private final List<Sent> signals = new ArrayList<>();
  private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
  private boolean stdinClosed;
  private String signalFailure;
  private boolean exited;

  FakeChild(int pid, LaunchRequest request, Consumer<ExitStatus> onExit) {
    this.pid = pid;
    this.request = request;
    this.onExit = onExit;
  }

  @Override
  public int pid() {
    return pid;
  }

  LaunchRequest request() {
    return request;
  }

  @Override
  public synchronized void signal(int signal, boolean group) throws IOException {
    signals.add(new Sent(signal, group));
    if (signalFailure != null) {
      throw new IOException(signalFailure);
    }
  }

  @Override
  public synchronized void writeStdin(byte[] data) throws IOException {
    if (stdinClosed || exited) {
      throw new IOException("Broken pipe");
    }
    stdin.write(data);
  }

  @Override
  public synchronized void closeStdin() {
    stdinClosed = true;
  }

  /** Every later signal fails with an IOException with this text (as EPERM would). */
  synchronized void failSignals(String message) {
    signalFailure = message;
  }

  synchronized List<Sent> signals() {
    return List.copyOf(signals);
  }

  synchronized String stdinText() {
    return stdin.toString(StandardCharsets.UTF_8);
  }

  /** Writes to the stdout sink, as the launcher's I/O thread would. */
  void emitStdout(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    request.stdout().write(b, 0, b.length);
  }

  void exit(int code) {
    end(new ExitStatus.Exited(code));
  }

  void killedBy(int signal) {
    end(new ExitStatus.Signalled(signal));
  }

  private void end(ExitStatus status) {
    synchronized (this) {
      if (exited) {
        throw new AssertionError("child " + pid + " already exited");
      }
      exited = true;
    }
    onExit.accept(status);
  }
}
