package dev.jsupervisor.rpc;

import dev.jsupervisor.core.GroupSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A DaemonControl whose config, main log and failures the test sets. */
final class FakeDaemon implements DaemonControl {
  volatile List<GroupSpec> configured = new ArrayList<>();
  volatile List<GroupSpec> onReread;
  volatile String rereadError;
  volatile Path mainLog;
  volatile boolean clearFails;
  final AtomicInteger shutdowns = new AtomicInteger();
  final AtomicInteger restarts = new AtomicInteger();

  @Override
  public String identification() {
    return "testsupervisor";
  }

  @Override
  public long pid() {
    return 4711;
  }

  @Override
  public List<GroupSpec> configuredGroups() {
    return configured;
  }

  @Override
  public List<GroupSpec> rereadConfig() throws ConfigReadException {
    if (rereadError != null) {
      throw new ConfigReadException(rereadError);
    }
    if (onReread != null) {
      configured = onReread;
    }
    return configured;
  }

  @Override
  public Optional<Path> mainLogFile() {
    return Optional.ofNullable(mainLog);
  }

  @Override
  public void clearMainLog() throws IOException {
    if (clearFails) {
      throw new IOException("disk on fire");
    }
    Files.write(mainLog, new byte[0]);
  }

  @Override
  public void shutdown() {
    shutdowns.incrementAndGet();
  }

  @Override
  public void restart() {
    restarts.incrementAndGet();
  }
}
