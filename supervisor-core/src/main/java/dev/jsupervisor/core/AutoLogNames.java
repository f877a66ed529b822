package dev.jsupervisor.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * supervisord's AUTO log files: {@code <childlogdir>/<process>-<channel>---<identifier>-<8 random
 * [a-z0-9_]>.log} (mkstemp's alphabet), chosen once when a process is created, and created readable by the owner only
 * (as supervisord's mkstemp does: captured output can hold secrets). The empty file is created when
 * it is named, as supervisord's mkstemp does (so a process that never ran has a log to read), but not
 * before the supervisor starts: the daemon clears old AUTO logs between building the supervisor and
 * starting it. Loop thread, or the builder's thread before the loop runs (the random source is not
 * shared).
 */
final class AutoLogNames {
  private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_".toCharArray();

  private final Path childLogDir;
  private final String identifier;
  private final RandomGenerator random;
  /** Named before {@link #startCreating()}; null once files are created as they are named. */
  private List<Path> pending = new ArrayList<>();

  AutoLogNames(Path childLogDir, String identifier, RandomGenerator random) {
    this.childLogDir = childLogDir;
    this.identifier = identifier;
    this.random = random;
  }

  /** {@code spec} with every AUTO target replaced by a file; {@code spec} itself if it has none. */
  LogSpec resolve(ProcessSpec process, LogSpec spec, Channel channel) {
    if (spec.targets().stream().noneMatch(t -> t instanceof LogTarget.Auto)) {
      return spec;
    }
    List<LogTarget> targets = new ArrayList<>();
    for (LogTarget t : spec.targets()) {
      if (t instanceof LogTarget.Auto) {
        Path file = childLogDir.resolve(fileName(process, channel));
        if (pending != null) {
          pending.add(file);
        } else {
          create(file);
        }
        targets.add(new LogTarget.File(file, true));
      } else {
        targets.add(t);
      }
    }
    return spec.withTargets(targets);
  }

  /** Creates the files named so far, and from now on each file when it is named. */
  void startCreating() {
    if (pending != null) {
      pending.forEach(AutoLogNames::create);
      pending = null;
    }
  }

  private static void create(Path file) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // kept as it is: the process appends to it
    } catch (IOException | UnsupportedOperationException e) {
      // no file yet: the first spawn opens it again and reports what fails there
    }
  }

  private String fileName(ProcessSpec process, Channel channel) {
    StringBuilder rnd = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      rnd.append(NAME_CHARS[random.nextInt(NAME_CHARS.length)]);
    }
    return process.name() + "-" + channel.wireName() + "---" + identifier + "-" + rnd + ".log";
  }
}
