package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts single probe attempts for one process: a command is a child of the engine's launcher
 * (reaped by it; killed with its process group when cancelled), TCP and HTTP go to the
 * {@link ProbeTransport}. Results arrive on the loop thread. Loop thread only.
 */
final class ProbeAttempts {
  private final ProcessServices services;
  private final ProcessName name;
  private final ProcessSpec spec;

  ProbeAttempts(ProcessServices services, ProcessName name, ProcessSpec spec) {
    this.services = services;
    this.name = name;
    this.spec = spec;
  }

  /**
   * Starts one attempt of {@code check} (not an output probe) as the {@code what} probe;
   * {@code done} runs on the loop with {@code null} (passed) or the failure, never after a cancel.
   */
  ProbeTransport.Attempt start(String what, ProbeSpec.Check check, Map<String, String> environment,
      Consumer<String> done) {
    boolean[] over = new boolean[1];
    Consumer<String> onLoop = result -> services.loop().execute(() -> {
      if (!over[0]) {
        over[0] = true;
        done.accept(result);
      }
    });
    if (check instanceof ProbeSpec.Command c) {
      ChildProcess child = launch(what, c, environment, onLoop);
      return () -> {
        over[0] = true;
        if (child != null) {
          try {
            child.signal(Signal.KILL.number(), true);
          } catch (IOException e) {
            // already gone: its exit is dropped
          }
        }
      };
    }
    ProbeTransport.Attempt a = services.probes().start(check, onLoop);
    return () -> {
      over[0] = true;
      a.cancel();
    };
  }

  private ChildProcess launch(String what, ProbeSpec.Command c, Map<String, String> environment,
      Consumer<String> onLoop) {
    LaunchRequest request = new LaunchRequest(name.namespec() + " " + what + " probe",
        List.of("/bin/sh", "-c", c.command()), environment, spec.directory(), spec.umask(), spec.user(), true,
        OutputSink.DISCARD, OutputSink.DISCARD);
    try {
      return services.launcher().launch(request, status -> onLoop.accept(
          status instanceof ExitStatus.Exited e && e.code() == 0 ? null : status.describe()));
    } catch (LaunchException | RuntimeException e) {
      onLoop.accept("cannot run the probe command: " + e.getMessage());
      return null;
    }
  }
}
