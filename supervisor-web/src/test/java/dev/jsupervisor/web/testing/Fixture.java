package dev.jsupervisor.web.testing;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.spi.ProcessLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Supervisors for the web tests: a few programs, no autostart except {@code sleeper}. */
public final class Fixture {
  private Fixture() {}

  public static ProcessSpec spec(String name, String command, boolean autostart) {
    return ProcessSpec.builder(name, command).autostart(autostart).startsecs(Duration.ZERO).startretries(0)
        .stopwaitsecs(Duration.ofSeconds(5)).build();
  }

  /**
   * sleeper (autostart, says hello), idle, broken (spawn fails), and group web with a and b.
   */
  public static Supervisor standard(ProcessLauncher launcher, Path logDir) {
    return Supervisor.builder()
        .launcher(launcher)
        .childLogDir(logDir)
        .identifier("testbox")
        .group(GroupSpec.single(spec("sleeper", "/bin/sleep 30 --say=hello", true)))
        .group(GroupSpec.single(spec("idle", "/bin/sleep 30", false)))
        .group(GroupSpec.single(spec("broken", "/bin/sleep --fail-spawn", false)))
        .group(new GroupSpec("web", 999, List.of(
            spec("a", "/bin/sleep 30", false).toBuilder().program("web").build(),
            spec("b", "/bin/sleep 30", false).toBuilder().program("web").build())))
        .build();
  }

  /** Waits (without polling) until {@code name} is in {@code state}; fails after 10 s. */
  public static void awaitState(Supervisor s, ProcessName name, ProcessState state) {
    try {
      s.awaitState(name, state).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(name + " did not reach " + state + "; last snapshot: " + s.snapshot().process(name), e);
    }
  }
}
