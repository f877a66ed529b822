package dev.jsupervisor.core;

/** supervisord's log levels, with the four-letter codes of its main-log lines. */
public enum LogLevel {
  CRIT(50), ERRO(40), WARN(30), INFO(20), DEBG(10), TRAC(5), BLAT(3);

  private final int severity;

  LogLevel(int severity) {
    this.severity = severity;
  }

  /** Python logging's numeric level; higher is more severe. */
  public int severity() {
    return severity;
  }

  /** Whether a message at this level passes a threshold of {@code threshold}. */
  public boolean passes(LogLevel threshold) {
    return severity >= threshold.severity;
  }
}
