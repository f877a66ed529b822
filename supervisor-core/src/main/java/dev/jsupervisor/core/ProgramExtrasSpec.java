package dev.jsupervisor.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Go port's per-program extras that are not restart on change: {@code cron} (start the program
 * at each tick of the schedule if it is not running) and the {@code pre_start_hook} /
 * {@code pre_stop_hook} commands (run before every start attempt / before the first stop signal,
 * killed after {@link #HOOK_TIMEOUT}; a failure is only logged). Immutable.
 *
 * @param cron the schedule, or empty for none
 * @param preStartHook the pre-start hook's argv (no shell), or empty for none
 * @param preStopHook the pre-stop hook's argv (no shell), or empty for none
 */
public record ProgramExtrasSpec(Optional<CronSchedule> cron, List<String> preStartHook, List<String> preStopHook) {
  /** Nothing configured (the default). */
  public static final ProgramExtrasSpec NONE = new ProgramExtrasSpec(Optional.empty());

  /** How long a hook may run before it is killed and the start or stop goes on (the Go port's 60 s). */
  public static final Duration HOOK_TIMEOUT = Duration.ofSeconds(60);

  public ProgramExtrasSpec {
    Objects.requireNonNull(cron, "cron");
    preStartHook = List.copyOf(preStartHook);
    preStopHook = List.copyOf(preStopHook);
  }

  /** Only a cron schedule, no hooks. */
  public ProgramExtrasSpec(Optional<CronSchedule> cron) {
    this(cron, List.of(), List.of());
  }
}
