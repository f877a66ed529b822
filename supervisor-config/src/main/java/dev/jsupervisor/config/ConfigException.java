package dev.jsupervisor.config;

import java.util.List;

/**
 * A configuration that cannot be loaded. {@link #getMessage()} is the text Python supervisord prints
 * after {@code Error: } for the first problem it would meet (e.g. {@code invalid 'autorestart' value
 * 'maybe' in section 'program:r' (file: 'c.conf')}); {@link #problems()} lists every problem found, in
 * the order supervisord reads the file. The daemon prints {@code Error: <message>} and exits 2.
 */
public final class ConfigException extends Exception {
  private final List<ConfigProblem> problems;

  /** An exception for at least one problem. */
  public ConfigException(List<ConfigProblem> problems) {
    super(problems.isEmpty() ? "invalid configuration" : problems.get(0).message());
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, first the one supervisord would report. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
