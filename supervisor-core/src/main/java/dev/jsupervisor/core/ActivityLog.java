package dev.jsupervisor.core;

/**
 * Where the engine writes supervisord's activity messages ({@code spawned: 'x' with pid 42},
 * {@code success: ...}, {@code exited: ...}, {@code gave up: ...}). The daemon writes them to the
 * main log file; an embedder may route them anywhere. Called from the engine's loop thread: must not
 * block for long and must not throw.
 */
@FunctionalInterface
public interface ActivityLog {
  /** Discards everything. */
  ActivityLog NONE = (level, message) -> {};

  void log(LogLevel level, String message);
}
