package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ProcessLauncher;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What every {@link SupervisedProcess} needs to run: the loop (timers, time), the launcher, the
 * activity log, the child environment and the mood (may it restart by itself?); for the opt-in
 * {@link HealthSpec} rules also the network probe transport, the jitter's random source and where
 * exit-policy requests go. Shared by all processes of one supervisor; used on the loop thread.
 */
record ProcessServices(
    SupervisorLoop loop,
    ProcessLauncher launcher,
    ActivityLog activityLog,
    ChildEnvironment environment,
    Mood mood,
    ProbeTransport probes,
    RandomGenerator random,
    Consumer<ExitRequest> exits) {

  /** Without health services: network probes fail, no jitter source is seeded, exit requests are dropped. */
  ProcessServices(SupervisorLoop loop, ProcessLauncher launcher, ActivityLog activityLog, ChildEnvironment environment,
      Mood mood) {
    this(loop, launcher, activityLog, environment, mood, new NioProbeTransport(), new SplittableRandom(), r -> { });
  }
}
