package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ProcessNameTest {

  @Test
  void parse_bareName_isItsOwnGroup() {
    assertThat(ProcessName.parse("web")).isEqualTo(new ProcessName("web", "web"));
    assertThat(ProcessName.parse("web").namespec()).isEqualTo("web");
  }

  @Test
  void parse_splitsAtTheFirstColon() {
    assertThat(ProcessName.parse("pool:worker_00")).isEqualTo(new ProcessName("pool", "worker_00"));
    assertThat(ProcessName.parse("a:b:c")).isEqualTo(new ProcessName("a", "b:c"));
  }

  @Test
  void isGroupSpec_starOrEmptyProcessPart_onlyAfterTheFirstColon() {
    assertThat(ProcessName.isGroupSpec("pool:*")).isTrue();
    assertThat(ProcessName.isGroupSpec("pool:")).isTrue();
    assertThat(ProcessName.isGroupSpec("pool")).isFalse();
    assertThat(ProcessName.isGroupSpec("pool:worker")).isFalse();
    // supervisord's split_namespec: process "b:*" of group "a", not a whole-group spec
    assertThat(ProcessName.isGroupSpec("a:b:*")).isFalse();
    assertThat(ProcessName.groupOf("a:b:*")).isEqualTo("a");
  }
}
