package dev.jsupervisor.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * supervisord's TICK_5/TICK_60/TICK_3600: a tick when wall time crosses into a new period slice
 * ({@code when} = the slice's start, {@code now - now % period}), never at start-up. Runs on loop
 * timers of the injected {@link TimeSource}, one per 5 s boundary, only once {@link #start()}ed
 * (when a pool subscribes to a tick); a loop that was held up emits one tick per type for all the
 * slices it missed. Loop thread only.
 */
final class TickClock {
  /** Receives each tick. */
  interface Ticks {
    void tick(EventType type, long when);
  }

  private static final Map<EventType, Integer> PERIODS = Map.of(
      EventType.TICK_5, 5, EventType.TICK_60, 60, EventType.TICK_3600, 3600);
  private static final EventType[] ORDER = {EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600};

  private final SupervisorLoop loop;
  private final Ticks ticks;
  private final Map<EventType, Long> last = new EnumMap<>(EventType.class);

  TickClock(SupervisorLoop loop, Ticks ticks) {
    this.loop = loop;
    this.ticks = ticks;
  }

  /** Takes the current slices as the baseline and starts the timer; later calls do nothing. */
  void start() {
    if (!last.isEmpty()) {
      return;
    }
    long now = loop.time().now().getEpochSecond();
    for (EventType t : ORDER) {
      last.put(t, slice(t, now));
    }
    scheduleNext();
  }

  private void scheduleNext() {
    long millis = loop.time().now().toEpochMilli();
    long toBoundary = 5000 - Math.floorMod(millis, 5000L);
    loop.schedule(Duration.ofMillis(toBoundary), this::fire);
  }

  private void fire() {
    long now = loop.time().now().getEpochSecond();
    for (EventType t : ORDER) {
      long slice = slice(t, now);
      if (slice != last.get(t)) {
        last.put(t, slice);
        ticks.tick(t, slice);
      }
    }
    scheduleNext();
  }

  private static long slice(EventType t, long now) {
    int period = PERIODS.get(t);
    return now - Math.floorMod(now, period);
  }
}
