package dev.jsupervisor.examples;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Embeds the engine in a plain {@code main}, with no config file: two programs, one depending on
 * the other, supervised until the JVM is told to stop. Uses only supervisor-core.
 */
public final class EmbeddedSupervisorExample {
  private EmbeddedSupervisorExample() {}

  public static void main(String[] args) throws Exception {
    Supervisor supervisor = run(System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        supervisor.stopAsync().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("could not stop cleanly: " + e);
      }
    }));
    Thread.currentThread().join();
  }

  /** Builds and starts the example supervisor, waits until both programs run, prints their status. */
  static Supervisor run(PrintStream out) throws Exception {
    ProcessSpec database = ProcessSpec.builder("database", "/bin/sleep 3600")
        .priority(10)
        .stdout(LogSpec.NONE)
        .stderr(LogSpec.NONE)
        .build();
    ProcessSpec api = ProcessSpec.builder("api", "/bin/sh -c 'echo api up; exec sleep 3600'")
        .dependsOn(List.of("database"))
        .autorestart(RestartPolicy.ALWAYS)
        .startsecs(Duration.ofMillis(500))
        .stdout(LogSpec.NONE)
        .stderr(LogSpec.NONE)
        .build();
    Supervisor supervisor = Supervisor.builder()
        .group(GroupSpec.single(database))
        .group(GroupSpec.single(api))
        .build();
    supervisor.addListener(event -> {
      if (event instanceof SupervisorEvent.ProcessStateChanged c) {
        out.println(c.name() + ": " + c.from() + " -> " + c.to());
      }
    }, Runnable::run);
    supervisor.startAsync();
    // autostart started both; wait (without polling) until each is RUNNING, or fails for good
    for (ProcessName name : List.of(ProcessName.of("database"), ProcessName.of("api"))) {
      ProcessInfo info = supervisor.awaitState(name, ProcessState.RUNNING, ProcessState.FATAL).get(10, TimeUnit.SECONDS);
      if (info.state() != ProcessState.RUNNING) {
        throw new IllegalStateException(name + " did not start: " + info.description());
      }
    }
    for (ProcessInfo p : supervisor.snapshot().processes()) {
      out.printf("%-12s %-9s %s%n", p.name(), p.state(), p.description());
    }
    return supervisor;
  }
}
