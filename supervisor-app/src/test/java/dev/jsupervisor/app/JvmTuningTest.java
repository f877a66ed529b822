package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JvmTuningTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(JvmTuning.PROPERTY);
  }

  @Test
  void noUserFlags_everyGroup() {
    assertThat(JvmTuning.flags(List.of())).containsExactly("-Xms8m", "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:MaxHeapFreeRatio=40", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData",
        "-Djnr.ffi.x86asm.enabled=false", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:GuaranteedSafepointInterval=0", "-XX:AsyncDeflationInterval=0", "-XX:TrimNativeHeapInterval=10000");
  }

  @Test
  void aUserFlagReplacesItsWholeGroup_only() {
    List<String> flags = JvmTuning.flags(List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:+UsePerfData", "-Dfoo=bar"));
    assertThat(flags).doesNotContain("-Xms8m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData")
        .contains("-XX:TieredStopAtLevel=1", "-XX:GuaranteedSafepointInterval=0");
    assertThat(JvmTuning.flags(List.of("-XX:MaxRAMPercentage=10"))).doesNotContain("-Xmx256m");
    assertThat(JvmTuning.flags(List.of("-XX:-TieredCompilation"))).doesNotContain("-XX:TieredStopAtLevel=1",
        "-XX:CICompilerCount=1");
    assertThat(JvmTuning.flags(List.of("-XX:MinHeapFreeRatio=10"))).doesNotContain("-XX:MaxHeapFreeRatio=40");
    assertThat(JvmTuning.flags(List.of("-Djnr.ffi.x86asm.enabled=true")))
        .doesNotContain("-Djnr.ffi.x86asm.enabled=false").contains("-XX:-UsePerfData");
  }

  @Test
  void propertyFalse_addsNothing() throws Exception {
    System.setProperty(JvmTuning.PROPERTY, "false");
    Path jar = Files.writeString(dir.resolve("supervisord.jar"), "jar");
    Files.writeString(dir.resolve("supervisord.jsa"), "archive");
    assertThat(JvmTuning.flags(List.of())).isEmpty();
    assertThat(JvmTuning.archiveFlags(List.of(), Optional.of(jar))).isEmpty();
  }

  @Test
  void archive_onlyWhenBuiltForTheJarAndNotChosenByTheUser() throws Exception {
    Path jar = Files.writeString(dir.resolve("supervisord.jar"), "jar");
    assertThat(JvmTuning.archiveFlags(List.of(), Optional.of(jar))).isEmpty(); // none built
    Path archive = Files.writeString(dir.resolve("supervisord.jsa"), "archive");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));
    assertThat(JvmTuning.archiveFlags(List.of(), Optional.of(jar)))
        .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off");
    assertThat(JvmTuning.archiveFlags(List.of("-Xshare:off"), Optional.of(jar))).isEmpty();
    assertThat(JvmTuning.archiveFlags(List.of("-XX:SharedArchiveFile=/x.jsa"), Optional.of(jar))).isEmpty();
    assertThat(JvmTuning.archiveFlags(List.of(), Optional.empty())).isEmpty(); // not run from one jar
    Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000)); // the jar was rebuilt after the archive
    assertThat(JvmTuning.archiveFlags(List.of(), Optional.of(jar))).isEmpty();
  }
}
