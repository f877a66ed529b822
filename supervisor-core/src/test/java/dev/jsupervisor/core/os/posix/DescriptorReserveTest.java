package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class DescriptorReserveTest {

  @Test
  void allowsSpawn_onlyWhileTheReserveStaysFree() {
    long limit = 128;
    long lastAllowed = limit - DescriptorReserve.RESERVE - DescriptorReserve.SPAWN_COST;
    assertThat(new DescriptorReserve(() -> lastAllowed, () -> limit).allowsSpawn()).isTrue();
    assertThat(new DescriptorReserve(() -> lastAllowed + 1, () -> limit).allowsSpawn()).isFalse();
  }

  @Test
  void allowsSpawn_unknownCountsOrUnlimited_allows() {
    assertThat(new DescriptorReserve(() -> -1, () -> 128).allowsSpawn()).isTrue();
    assertThat(new DescriptorReserve(() -> 1000, () -> -1).allowsSpawn()).isTrue();
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
