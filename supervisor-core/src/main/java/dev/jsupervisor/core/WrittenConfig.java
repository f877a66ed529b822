package dev.jsupervisor.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A few keys of a process's section as the config file wrote them (after {@code %(…)s} expansion),
 * where the typed value of the {@link ProcessSpec} loses something supervisord reports back in
 * {@code getAllConfigInfo}: a trailing slash or {@code ..} in {@code directory} and the log paths, a
 * relative log path, {@code /dev/null}, the order and repeats of {@code exitcodes}. Nothing else reads
 * it: the engine works on the typed values. Empty means "not from a file" (a spec built in code); the
 * typed value is reported then. Immutable.
 *
 * @param directory {@code directory} as written
 * @param stdoutLogfile {@code stdout_logfile} as written, when it names a file (not AUTO, NONE or syslog)
 * @param stderrLogfile {@code stderr_logfile} likewise; empty when {@code redirect_stderr} ignores it
 * @param exitcodes {@code exitcodes} as written, in order, repeats kept
 */
public record WrittenConfig(Optional<String> directory, Optional<String> stdoutLogfile,
    Optional<String> stderrLogfile, Optional<List<Integer>> exitcodes) {
  /** Nothing written: report the spec's typed values. */
  public static final WrittenConfig NONE =
      new WrittenConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public WrittenConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(stdoutLogfile, "stdoutLogfile");
    Objects.requireNonNull(stderrLogfile, "stderrLogfile");
    exitcodes = exitcodes.map(List::copyOf);
  }
}
