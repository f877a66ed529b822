package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cron schedule's arithmetic, and cron starts on the fake clock. */
class CronTest {
  private static Instant next(String spec, String after) {
    return CronSchedule.parse(spec).next(Instant.parse(after), ZoneOffset.UTC).orElseThrow();
  }

  @Test
  void schedule_fieldsRangesStepsNamesAndDescriptors() {
    assertThat(next("*/15 * * * * *", "2026-11-24T15:05:07Z")).isEqualTo("2026-11-24T15:05:15Z");
    assertThat(next("0 30 9 * * MON-FRI", "2026-11-28T10:00:00Z")).isEqualTo("2026-11-30T09:30:00Z"); // Sat → Mon
    assertThat(next("0 0 0 1 JAN *", "2026-11-24T15:05:00Z")).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("5,10 0 12 * * ?", "2026-11-24T12:00:05Z")).isEqualTo("2026-11-24T12:00:10Z");
    assertThat(next("0 0 0 13 * 5", "2026-11-24T00:00:00Z")).as("day 13 or a Friday").isEqualTo("2026-11-27T00:00:00Z");
    assertThat(next("@hourly", "2026-11-24T15:05:00Z")).isEqualTo("2026-11-24T16:00:00Z");
    assertThat(next("@every 1m30s", "2026-11-24T15:05:00Z")).isEqualTo("2026-11-24T15:06:30Z");
    assertThat(next("CRON_TZ=Asia/Tokyo 0 0 9 * * *", "2026-11-24T01:00:00Z")).isEqualTo("2026-11-25T00:00:00Z");
    assertThat(CronSchedule.parse("0 0 0 30 2 *").next(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).isEmpty();
  }

  @Test
  void schedule_rejectsBadSpecs() {
    assertThatThrownBy(() -> CronSchedule.parse("60 * * * * *")).hasMessage("60 is outside 0-59");
    assertThatThrownBy(() -> CronSchedule.parse("* * * * * FOO")).hasMessage("bad value FOO in FOO");
    assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * * *")).hasMessage("step of */0 must be positive");
    assertThatThrownBy(() -> CronSchedule.parse("@sometimes")).hasMessage("unrecognized descriptor @sometimes");
    assertThatThrownBy(() -> CronSchedule.parse("@every soon")).hasMessage("invalid duration soon");
  }

  @Test
  void aTickStartsTheProgramOnlyWhenItIsNotRunning() {
    // wall time starts at 15:05:00 UTC; ticks at every 10 s
    ProgramExtrasSpec extras = new ProgramExtrasSpec(Optional.of(CronSchedule.parse("CRON_TZ=UTC */10 * * * * *")));
    Harness h = new Harness(0, b -> { }, Harness.single(Harness.spec("job").autostart(false)
        .startsecs(Duration.ZERO).autorestart(RestartPolicy.NEVER).extras(extras)));
    h.start();
    h.advanceSeconds(9.9);
    assertThat(h.launcher.launches()).isZero();
    h.advanceSeconds(0.2);
    assertThat(h.launcher.launches()).isEqualTo(1);
    assertThat(h.log.lines()).contains("INFO cron: starting 'job' (CRON_TZ=UTC */10 * * * * *)");
    h.advanceSeconds(10);
    assertThat(h.launcher.launches()).as("still running at the second tick").isEqualTo(1);
    h.launcher.last().exit(0);
    h.advanceSeconds(10);
    assertThat(h.launcher.launches()).isEqualTo(2);
  }

  @Test
  void removingTheGroupStopsTheTicks() {
    ProgramExtrasSpec extras = new ProgramExtrasSpec(Optional.of(CronSchedule.parse("@every 5s")));
    Harness h = new Harness(0, b -> { }, Harness.single(Harness.spec("job").autostart(false).extras(extras)));
    h.start();
    h.done(h.supervisor.removeGroup("job"));
    h.advanceSeconds(30);
    assertThat(h.launcher.launches()).isZero();
    assertThat(h.loop.loop.pendingTimers()).isZero();
  }
}
