package dev.jsupervisor.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The Go port's per-program extras that are not restart on change: {@code cron} (start the program
 * at each tick of the schedule if it is not running). Immutable.
 *
 * @param cron the schedule, or empty for none
 */
public record ProgramExtrasSpec(Optional<CronSchedule> cron) {
  /** Nothing configured (the default). */
  public static final ProgramExtrasSpec NONE = new ProgramExtrasSpec(Optional.empty());

  public ProgramExtrasSpec {
    Objects.requireNonNull(cron, "cron");
  }
}
