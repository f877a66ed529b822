package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JffiStubTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(JffiStub.PROPERTY);
  }

  @Test
  void directoryFor_libraryBesideTheJar_isTheJarsDirectory() throws Exception {
    Path jar = Files.writeString(dir.resolve("supervisord.jar"), "jar");
    Files.writeString(dir.resolve(JffiStub.FILE), "lib");
    assertThat(JffiStub.directoryFor(Optional.of(jar))).contains(dir);
  }

  @Test
  void directoryFor_noLibrary_olderLibrary_noJar_orUserProperty_isEmpty() throws Exception {
    Path jar = Files.writeString(dir.resolve("supervisord.jar"), "jar");
    assertThat(JffiStub.directoryFor(Optional.of(jar))).isEmpty(); // the jar was moved alone
    Path lib = Files.writeString(dir.resolve(JffiStub.FILE), "lib");
    Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    assertThat(JffiStub.directoryFor(Optional.of(jar))).isEmpty(); // one of an earlier jar
    Files.setLastModifiedTime(lib, Files.getLastModifiedTime(jar));
    assertThat(JffiStub.directoryFor(Optional.empty())).isEmpty(); // not run from one jar
    System.setProperty(JffiStub.PROPERTY, "/elsewhere");
    assertThat(JffiStub.directoryFor(Optional.of(jar))).isEmpty(); // the user's choice stays
  }

  @Test
  void file_isTheStubJffiShipsForThisPlatform() {
    // the entry JffiStub.main copies: a renamed stub in a new jffi would leave nothing beside the jar
    assertThat(JffiStub.class.getClassLoader().getResource(JffiStub.jarEntry()))
        .as(JffiStub.jarEntry()).isNotNull();
  }
}
