package dev.jsupervisor.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This JVM's open descriptors as what they point at, for leak checks: leaves out the jars and
 * native libraries the JVM opens when it first loads a class or library from them (that can happen
 * in the middle of a test, and is not the code under test leaking).
 */
public final class OpenDescriptors {
  private OpenDescriptors() {}

  /** The targets of the open descriptors (e.g. {@code pipe:[123]}, {@code anon_inode:[pidfd]}), sorted. */
  public static List<String> list() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed between the listing and the look
        }
        if (!target.endsWith(".jar") && !target.endsWith(".so") && !target.contains(".so.")
            && !target.startsWith("/proc/")) { // the listing's own directory descriptor
          out.add(target.replaceAll("\\[\\d+]", "[]"));
        }
      }
    }
    out.sort(null);
    return out;
  }
}
