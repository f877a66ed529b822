package dev.jsupervisor.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code restart_when_binary_changed} watches for one spawn: the executable as it is exec'd
 * (argv[0] after the PATH search), every symbolic link met on the way to the real file (a link in
 * a directory component too, as a deploy's {@code current -> releases/v2}), and the real file; and
 * for an interpreter command ({@code python3 app.py}, {@code node server.js}) the same for the
 * first argument that is not an option and names an existing regular file (the script). Any
 * thread; pure file-system reads.
 */
final class ExecutablePaths {
  private static final int MAX_LINKS = 40;

  private ExecutablePaths() {}

  /**
   * The entries to watch for a spawn of {@code argv} (argv[0] already resolved) run in
   * {@code directory}; relative script names are resolved against it, else the supervisor's cwd.
   */
  static Set<Path> of(List<String> argv, Optional<Path> directory) {
    Set<Path> out = new LinkedHashSet<>();
    Path exe = Path.of(argv.get(0)).toAbsolutePath().normalize();
    chain(exe, out, 0);
    Path base = directory.orElse(Path.of("")).toAbsolutePath();
    for (String arg : argv.subList(1, argv.size())) {
      if (arg.startsWith("-")) {
        continue;
      }
      Path script = base.resolve(arg).normalize();
      if (Files.isRegularFile(script)) {
        chain(script, out, 0);
      }
      break;
    }
    return out;
  }

  /** Adds {@code p}, the links on its way and its real file to {@code out}. */
  private static void chain(Path p, Set<Path> out, int depth) {
    out.add(p);
    if (depth > MAX_LINKS || p.getNameCount() == 0) {
      return;
    }
    Path cur = p.getRoot();
    for (int i = 0; i < p.getNameCount(); i++) {
      Path next = cur.resolve(p.getName(i));
      if (Files.isSymbolicLink(next)) {
        out.add(next);
        try {
          Path target = next.getParent().resolve(Files.readSymbolicLink(next)).normalize();
          Path rest = target;
          for (int j = i + 1; j < p.getNameCount(); j++) {
            rest = rest.resolve(p.getName(j));
          }
          chain(rest, out, depth + 1);
        } catch (IOException e) {
          // a dangling or unreadable link: the link itself is watched, which is what a swap changes
        }
        return;
      }
      cur = next;
    }
    if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    out.add(cur);
  }
}
