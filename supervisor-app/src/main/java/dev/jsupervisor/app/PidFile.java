package dev.jsupervisor.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** supervisord's pidfile: {@code <pid>\n}, written at start-up and removed at exit. */
final class PidFile {
  private final Path path;

  PidFile(Path path) {
    this.path = path;
  }

  /** Writes the pid; the error names the path. */
  void write(long pid) throws IOException {
    Files.writeString(path, pid + "\n", StandardCharsets.US_ASCII);
  }

  /** Removes the file; a missing file is not an error. */
  void remove() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // nothing to do at exit: the next start overwrites it
    }
  }

  Path path() {
    return path;
  }
}
