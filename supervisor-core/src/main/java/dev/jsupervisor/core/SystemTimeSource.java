package dev.jsupervisor.core;

import java.time.Instant;

/** The real clocks. The only class of the engine that reads the system time. */
public enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
