package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class NamespecTest {

  @Test
  void parse_bareName_isGroupAndProcess() {
    assertThat(Namespec.parse("web")).isEqualTo(new Namespec("web", "web"));
  }

  @Test
  void parse_groupColonName_splitsAtFirstColon() {
    assertThat(Namespec.parse("worker:worker_00")).isEqualTo(new Namespec("worker", "worker_00"));
    assertThat(Namespec.parse("a:b:c")).isEqualTo(new Namespec("a", "b:c"));
    assertThat(Namespec.parse("a:b:*")).isEqualTo(new Namespec("a", "b:*"));
  }

  @Test
  void parse_starOrEmptyProcess_isWholeGroup() {
    assertThat(Namespec.parse("web:*").isGroup()).isTrue();
    assertThat(Namespec.parse("web:").isGroup()).isTrue();
    assertThat(Namespec.parse("web:*").group()).isEqualTo("web");
    assertThat(Namespec.parse(":*")).isEqualTo(new Namespec("", null));
  }
}
