package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AutoLogNamesTest {
  @TempDir Path dir;

  private static Path file(LogSpec resolved) {
    return ((LogTarget.File) resolved.targets().get(0)).path();
  }

  @Test
  void resolve_beforeStart_namesButCreatesOnlyAtStart() throws Exception {
    AutoLogNames names = new AutoLogNames(dir, "ident", new SplittableRandom(1));
    ProcessSpec p = ProcessSpec.builder("web_01", "/bin/true").build();
    Path out = file(names.resolve(p, p.stdout(), Channel.STDOUT));
    assertThat(out.getFileName().toString()).matches("web_01-stdout---ident-[a-z0-9_]{8}\\.log");
    assertThat(out).doesNotExist();
    names.startCreating();
    assertThat(out).exists().isEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
  }

  @Test
  void resolve_afterStart_createsTheFileAtOnce() {
    AutoLogNames names = new AutoLogNames(dir, "ident", new SplittableRandom(2));
    names.startCreating();
    ProcessSpec p = ProcessSpec.builder("w", "/bin/true").build();
    Path err = file(names.resolve(p, p.stderr(), Channel.STDERR));
    assertThat(err.getFileName().toString()).startsWith("w-stderr---ident-");
    assertThat(err).exists();
  }

  @Test
  void resolve_noAuto_specUnchanged() {
    AutoLogNames names = new AutoLogNames(dir, "ident", new SplittableRandom(3));
    ProcessSpec p = ProcessSpec.builder("w", "/bin/true").stdout(LogSpec.NONE).build();
    assertThat(names.resolve(p, p.stdout(), Channel.STDOUT)).isSameAs(p.stdout());
  }
}
