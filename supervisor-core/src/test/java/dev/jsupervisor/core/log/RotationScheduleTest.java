package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class RotationScheduleTest {
  private static Instant next(String schedule, String after) {
    return RotationSchedule.parse(schedule).next(Instant.parse(after), ZoneOffset.UTC);
  }

  @Test
  void names() {
    assertThat(next("hourly", "2026-12-01T23:15:36Z")).isEqualTo("2026-12-02T00:00:00Z");
    assertThat(next("daily", "2026-12-01T23:15:36Z")).isEqualTo("2026-12-02T00:00:00Z");
    assertThat(next("daily", "2026-12-02T00:00:00Z")).isEqualTo("2026-12-03T00:00:00Z"); // strictly after
    assertThat(next("weekly", "2026-12-01T10:00:00Z")).isEqualTo("2026-12-06T00:00:00Z"); // a Sunday
  }

  @Test
  void cronFields() {
    assertThat(next("30 3 * * *", "2026-12-01T23:15:36Z")).isEqualTo("2026-12-02T03:30:00Z");
    assertThat(next("*/15 * * * *", "2026-12-01T23:15:36Z")).isEqualTo("2026-12-01T23:30:00Z");
    assertThat(next("0 0 1 * *", "2026-12-01T23:15:36Z")).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("0 12 * * 1-5", "2026-12-05T13:00:00Z")).isEqualTo("2026-12-07T12:00:00Z"); // Sat → Mon
    assertThat(next("0 0 29 2 *", "2026-12-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
    assertThat(next("0 6,18 * * 7", "2026-12-06T07:00:00Z")).isEqualTo("2026-12-06T18:00:00Z"); // 7 = Sunday
    // both day fields restricted: either matches (cron's rule): the 15th or a Monday
    assertThat(next("0 0 15 * 1", "2026-12-08T01:00:00Z")).isEqualTo("2026-12-14T00:00:00Z");
  }

  @Test
  void localTimeOfTheZone() {
    assertThat(RotationSchedule.parse("daily").next(Instant.parse("2026-12-01T23:15:36Z"), ZoneId.of("Europe/Berlin")))
        .isEqualTo("2026-12-02T23:00:00Z"); // 00:15 in Berlin: the next midnight there
  }

  @Test
  void badSchedules_sayWhatIsWrong() {
    assertThatThrownBy(() -> RotationSchedule.parse("sometimes")).hasMessageContaining("'sometimes'")
        .hasMessageContaining("five cron fields");
    assertThatThrownBy(() -> RotationSchedule.parse("61 * * * *")).hasMessageContaining("minute 61 is not in 0..59");
    assertThatThrownBy(() -> RotationSchedule.parse("0 x * * *")).hasMessageContaining("hour 'x' is not a number");
    assertThatThrownBy(() -> RotationSchedule.parse("0 5-2 * * *")).hasMessageContaining("backwards");
  }
}
