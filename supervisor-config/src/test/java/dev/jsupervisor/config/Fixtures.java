package dev.jsupervisor.config;

import dev.jsupervisor.config.values.UserDatabase;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** Test fixtures: the configs under src/test/resources/configs and a loader with a fixed environment. */
final class Fixtures {
  static final Map<String, String> ENV = Map.of("HOME", "/home/tester", "PATH", "/usr/bin:/bin");

  private Fixtures() {}

  static Path config(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/configs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ConfigLoader loader(Path cwd) {
    return ConfigLoader.create(ENV, "testhost", cwd, UserDatabase.SYSTEM);
  }
}
