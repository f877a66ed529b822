package dev.jsupervisor.core;

/**
 * Receives the supervisor's events, on the executor given at registration, one at a time and in the
 * order they happened. An exception thrown here is logged and does not affect the supervisor.
 */
@FunctionalInterface
public interface SupervisorListener {
  void onEvent(SupervisorEvent event);
}
