package dev.jsupervisor.examples;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessSpec;
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
    // wait=true on an already-started process fails with ALREADY_STARTED, so wait on the state.
    for (ProcessName name : List.of(ProcessName.of("database"), ProcessName.of("api"))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (supervisor.snapshot().process(name).map(p -> !p.state().name().equals("RUNNING")).orElse(true)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(name + " did not reach RUNNING");
        }
        Thread.sleep(20);
      }
    }
    for (ProcessInfo p : supervisor.snapshot().processes()) {
      out.printf("%-12s %-9s %s%n", p.name(), p.state(), p.description());
    }
    return supervisor;
  }
}
