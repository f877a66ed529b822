package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class DescriptorReserveTest {

  @Test
  void allowsSpawn_onlyWhileTheReserveStaysFree() {
    long limit = 128;
    long lastAllowed = limit - DescriptorReserve.RESERVE - DescriptorReserve.SPAWN_COST;
    assertThat(new DescriptorReserve(() -> lastAllowed, () -> limit, () -> 0L).allowsSpawn()).isTrue();
    assertThat(new DescriptorReserve(() -> lastAllowed + 1, () -> limit, () -> 0L).allowsSpawn()).isFalse();
  }

  @Test
  void allowsSpawn_unknownCountsOrUnlimited_allows() {
    assertThat(new DescriptorReserve(() -> -1, () -> 128, () -> 0L).allowsSpawn()).isTrue();
    assertThat(new DescriptorReserve(() -> 1000, () -> -1, () -> 0L).allowsSpawn()).isTrue();
  }

  @Test
  void allowsSpawn_farFromTheLimit_countsOnceForHalfTheSpawnsThatFit() {
    AtomicLong counts = new AtomicLong();
    long limit = DescriptorReserve.RESERVE + 100 + 8 * DescriptorReserve.SPAWN_COST; // room for 8 spawns
    DescriptorReserve r = new DescriptorReserve(() -> {
      counts.incrementAndGet();
      return 100;
    }, () -> limit, () -> 0L);
    for (int i = 0; i < 4; i++) {
      assertThat(r.allowsSpawn()).isTrue();
    }
    assertThat(counts).hasValue(1);
    assertThat(r.allowsSpawn()).isTrue(); // the fifth spawn counts again
    assertThat(counts).hasValue(2);
  }

  @Test
  void allowsSpawn_aCountOlderThanTheLimit_isNotTrusted() {
    AtomicLong open = new AtomicLong(100);
    AtomicLong now = new AtomicLong();
    long limit = DescriptorReserve.RESERVE + 100 + 100 * DescriptorReserve.SPAWN_COST;
    DescriptorReserve r = new DescriptorReserve(open::get, () -> limit, now::get);
    assertThat(r.allowsSpawn()).isTrue();
    open.set(limit); // something else took every descriptor
    assertThat(r.allowsSpawn()).isTrue(); // within the window, the count stands
    now.set(DescriptorReserve.RECOUNT_AFTER_NANOS);
    assertThat(r.allowsSpawn()).isFalse();
  }

  @Test
  void allowsSpawn_nearTheLimit_countsAtEveryQuestion_andAllowsAgainOnceDescriptorsAreBack() {
    AtomicLong open = new AtomicLong();
    AtomicLong counts = new AtomicLong();
    long limit = 128;
    open.set(limit - DescriptorReserve.RESERVE - 2 * DescriptorReserve.SPAWN_COST + 1); // room for 1 spawn
    DescriptorReserve r = new DescriptorReserve(() -> {
      counts.incrementAndGet();
      return open.get();
    }, () -> limit, () -> 0L);
    assertThat(r.allowsSpawn()).isTrue();
    open.addAndGet(DescriptorReserve.SPAWN_COST);
    assertThat(r.allowsSpawn()).isFalse();
    assertThat(r.allowsSpawn()).isFalse();
    open.set(0);
    assertThat(r.allowsSpawn()).isTrue();
    assertThat(counts).hasValue(4);
  }

  @Test
  void parseSoftLimit_readsTheSoftColumnOfMaxOpenFiles() {
    String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
        + "Max processes             63381                63381                processes \n"
        + "Max open files            128                  4096                 files     \n";
    assertThat(DescriptorReserve.parseSoftLimit(limits)).isEqualTo(128);
    assertThat(DescriptorReserve.parseSoftLimit("Max open files            unlimited            unlimited            files\n"))
        .isEqualTo(-1);
    assertThat(DescriptorReserve.parseSoftLimit("")).isEqualTo(-1);
  }

  @Test
  void ofThisProcess_onThisMachine_allowsASpawn() {
    assertThat(DescriptorReserve.ofThisProcess().allowsSpawn()).isTrue(); // the test JVM is far from its limit
  }
}
