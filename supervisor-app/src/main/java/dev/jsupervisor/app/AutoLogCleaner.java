package dev.jsupervisor.app;

import dev.jsupervisor.core.LogLevel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Deletes the AUTO child logs of an earlier run with the same identifier (supervisord does this at
 * every start unless {@code nocleanup}): files named {@code <x>---<identifier>-<random>.log[.N]}.
 */
final class AutoLogCleaner {
  private AutoLogCleaner() {}

  static void clean(Path childlogdir, String identifier, MainLog log) {
    Pattern auto = Pattern.compile(".+?---" + Pattern.quote(identifier) + "-\\S+\\.log(\\.\\d{0,4})?");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(childlogdir)) {
      for (Path p : dir) {
        if (auto.matcher(p.getFileName().toString()).matches()) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            log.log(LogLevel.WARN, "Failed to clean up '" + p + "'");
          }
        }
      }
    } catch (IOException e) {
      log.log(LogLevel.WARN, "could not list childlogdir " + childlogdir + ": " + e.getMessage());
    }
  }
}
