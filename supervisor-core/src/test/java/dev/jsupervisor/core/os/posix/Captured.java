package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A test sink that keeps everything, plus the exit future of one child. */
final class Captured implements OutputSink, Consumer<ExitStatus> {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  volatile long sizeAtExit = -1;
  volatile int exitCalls;

  @Override
  public synchronized void write(byte[] buf, int off, int len) {
    bytes.write(buf, off, len);
  }

  synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  synchronized int size() {
    return bytes.size();
  }

  @Override
  public void accept(ExitStatus status) {
    exitCalls++;
    sizeAtExit = size();
    exit.complete(status);
  }
}
