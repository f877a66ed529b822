package dev.jsupervisor.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * supervisord's AUTO log files: {@code <childlogdir>/<process>-<channel>---<identifier>-<8 random
 * [a-z0-9_]>.log} (mkstemp's alphabet), chosen once when a process is created, and created readable by the owner only
 * (as supervisord's mkstemp does: captured output can hold secrets). Loop thread (the random source is not
 * shared).
 */
final class AutoLogNames {
  private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_".toCharArray();

  private final Path childLogDir;
  private final String identifier;
  private final RandomGenerator random;

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
      targets.add(t instanceof LogTarget.Auto ? new LogTarget.File(childLogDir.resolve(fileName(process, channel)), true) : t);
    }
    return spec.withTargets(targets);
  }

  private String fileName(ProcessSpec process, Channel channel) {
    StringBuilder rnd = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      rnd.append(NAME_CHARS[random.nextInt(NAME_CHARS.length)]);
    }
    return process.name() + "-" + channel.wireName() + "---" + identifier + "-" + rnd + ".log";
  }
}
