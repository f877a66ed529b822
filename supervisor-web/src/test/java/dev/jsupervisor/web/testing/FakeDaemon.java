package dev.jsupervisor.web.testing;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.rpc.DaemonControl;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A DaemonControl that records shutdown/restart requests and has a main log at a given path. */
public final class FakeDaemon implements DaemonControl {
  public final AtomicInteger shutdowns = new AtomicInteger();
  public final AtomicInteger restarts = new AtomicInteger();
  private final Optional<Path> mainLog;

  public FakeDaemon(Path mainLog) {
    this.mainLog = Optional.ofNullable(mainLog);
  }

  @Override public String identification() { return "testbox"; }
  @Override public long pid() { return ProcessHandle.current().pid(); }
  @Override public List<GroupSpec> configuredGroups() { return List.of(); }
  @Override public List<GroupSpec> rereadConfig() { return List.of(); }
  @Override public Optional<Path> mainLogFile() { return mainLog; }
  @Override public void clearMainLog() {}
  @Override public void shutdown() { shutdowns.incrementAndGet(); }
  @Override public void restart() { restarts.incrementAndGet(); }
}
