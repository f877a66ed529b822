package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class GroupDiffTest {
  static GroupSpec program(String name, String command) {
    return GroupSpec.single(ProcessSpec.builder(name, command).build());
  }

  @Test
  void between_mixedChanges_addedChangedRemovedInSupervisordOrder() {
    List<GroupSpec> active = List.of(program("b", "/bin/b"), program("a", "/bin/a"), program("gone", "/bin/g"));
    List<GroupSpec> configured = List.of(program("new2", "/x"), program("a", "/bin/a2"), program("b", "/bin/b"),
        program("new1", "/y"));
    assertThat(GroupDiff.between(configured, active))
        .isEqualTo(new GroupDiff(List.of("new2", "new1"), List.of("a"), List.of("gone")));
  }

  @Test
  void sameConfig_priorityOrMemberChange_differs() {
    GroupSpec g = program("a", "/bin/a");
    assertThat(GroupDiff.sameConfig(g, program("a", "/bin/a"))).isTrue();
    assertThat(GroupDiff.sameConfig(g, new GroupSpec("a", 1, g.processes()))).isFalse();
    GroupSpec withEnv = GroupSpec.single(ProcessSpec.builder("a", "/bin/a").env("K", "V").build());
    assertThat(GroupDiff.sameConfig(g, withEnv)).isFalse();
    GroupSpec two = new GroupSpec("a", g.priority(), List.of(g.processes().get(0),
        ProcessSpec.builder("a2", "/bin/a").build()));
    assertThat(GroupDiff.sameConfig(g, two)).isFalse();
  }

  @Test
  void sameConfig_autoLogAgainstResolvedFile_equal() {
    ProcessSpec auto = ProcessSpec.builder("a", "/bin/a").build();
    ProcessSpec resolved = auto.toBuilder()
        .stdout(LogSpec.DEFAULT.withTargets(List.of(new LogTarget.File(Path.of("/tmp/a-stdout---x.log")))))
        .build();
    assertThat(GroupDiff.sameConfig(GroupSpec.single(auto), GroupSpec.single(resolved))).isTrue();
    ProcessSpec otherFile = auto.toBuilder()
        .stdout(LogSpec.DEFAULT.withTargets(List.of(new LogTarget.File(Path.of("/tmp/other.log"))))).build();
    assertThat(GroupDiff.sameConfig(GroupSpec.single(otherFile), GroupSpec.single(resolved))).isFalse();
  }

  @Test
  void between_nothingChanged_empty() {
    List<GroupSpec> same = List.of(program("a", "/bin/a"));
    assertThat(GroupDiff.between(same, same)).isEqualTo(new GroupDiff(List.of(), List.of(), List.of()));
  }
}
