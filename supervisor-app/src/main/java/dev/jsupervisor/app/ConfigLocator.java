package dev.jsupervisor.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the config file when {@code -c} is absent, in the seed's order. */
final class ConfigLocator {
  private ConfigLocator() {}

  /**
   * The candidates, in order: {@code ./supervisord.conf}, {@code ./etc/supervisord.conf},
   * {@code /etc/supervisord.conf}, {@code /etc/supervisor/supervisord.conf}, then
   * {@code ../etc/supervisord.conf} and {@code ../supervisord.conf} relative to the jar's directory.
   */
  static List<Path> candidates(Optional<Path> jarDirectory) {
    List<Path> c = new ArrayList<>();
    Path cwd = Path.of("").toAbsolutePath();
    c.add(cwd.resolve("supervisord.conf"));
    c.add(cwd.resolve("etc/supervisord.conf"));
    c.add(Path.of("/etc/supervisord.conf"));
    c.add(Path.of("/etc/supervisor/supervisord.conf"));
    jarDirectory.ifPresent(dir -> {
      c.add(dir.resolve("../etc/supervisord.conf").normalize());
      c.add(dir.resolve("../supervisord.conf").normalize());
    });
    return c;
  }

  /** The first candidate that exists. */
  static Optional<Path> find(Optional<Path> jarDirectory) {
    return candidates(jarDirectory).stream().filter(Files::isRegularFile).findFirst();
  }

  /** The directory of the running jar, if the code was loaded from one. */
  static Optional<Path> jarDirectory() {
    try {
      Path p = Path.of(SupervisordMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? Optional.ofNullable(p.getParent()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
