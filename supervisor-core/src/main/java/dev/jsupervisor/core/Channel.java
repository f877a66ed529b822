package dev.jsupervisor.core;

import java.util.Locale;

/** An output stream of a child process. */
public enum Channel {
  STDOUT,
  STDERR;

  /** {@code stdout} or {@code stderr}, as in config keys and logtail URLs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
