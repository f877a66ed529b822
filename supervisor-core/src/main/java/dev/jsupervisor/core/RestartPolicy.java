package dev.jsupervisor.core;

/** supervisord's {@code autorestart}: {@code false}, {@code unexpected} or {@code true}. */
public enum RestartPolicy {
  /** {@code autorestart=false}: never restart after an exit. */
  NEVER,
  /** {@code autorestart=unexpected}: restart when the exit status is not in {@code exitcodes}. */
  UNEXPECTED,
  /** {@code autorestart=true}: always restart after an exit. */
  ALWAYS
}
