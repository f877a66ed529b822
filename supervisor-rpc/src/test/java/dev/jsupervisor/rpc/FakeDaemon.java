package dev.jsupervisor.rpc;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.UpdateGrain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DaemonControl whose identification, config, main log and failures the test sets, and which
 * counts shutdown and restart requests. Thread-safe; shared with the web module's tests (rpc's
 * test-jar).
 */
public final class FakeDaemon implements DaemonControl {
  public volatile String identification = "testsupervisor";
  public volatile List<GroupSpec> configured = new ArrayList<>();
  public volatile List<GroupSpec> onReread;
  public volatile String rereadError;
  public volatile Path mainLog;
  public volatile boolean clearFails;
  public volatile UpdateGrain updateGrain = UpdateGrain.GROUP; // the daemon's default
  public final AtomicInteger shutdowns = new AtomicInteger();
  public final AtomicInteger restarts = new AtomicInteger();

  public FakeDaemon() {}

  /** A daemon with this main log (null for none) and these configured groups. */
  public FakeDaemon(Path mainLog, GroupSpec... configured) {
    this.mainLog = mainLog;
    this.configured = List.of(configured);
  }

  @Override
  public String identification() {
    return identification;
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
  public List<GroupSpec> readConfig() throws ConfigReadException {
    if (rereadError != null) {
      throw new ConfigReadException(rereadError);
    }
    return onReread != null ? onReread : configured;
  }

  @Override
  public UpdateGrain updateGrain() {
    return updateGrain;
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
