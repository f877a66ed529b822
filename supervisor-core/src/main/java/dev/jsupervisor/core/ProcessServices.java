package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ProcessLauncher;

/**
 * What every {@link SupervisedProcess} needs to run: the loop (timers, time), the launcher, the
 * activity log, the child environment and the mood (may it restart by itself?). Shared by all
 * processes of one supervisor; used on the loop thread.
 */
record ProcessServices(
    SupervisorLoop loop,
    ProcessLauncher launcher,
    ActivityLog activityLog,
    ChildEnvironment environment,
    Mood mood) {}
