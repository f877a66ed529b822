package dev.jsupervisor.core;

/** How a child process ended. Never a magic integer: each outcome is its own record. */
public sealed interface ExitStatus {

  /** The child called exit(code). */
  record Exited(int code) implements ExitStatus {}

  /** The child was killed by a signal (supervisord reports {@code exitstatus} -1 for these). */
  record Signalled(int signal) implements ExitStatus {}

  /** The child could not be started at all; {@code reason} is a supervisord-style spawnerr text. */
  record SpawnFailed(String reason) implements ExitStatus {}

  /** The exit status as supervisord reports it: the exit code, or -1 for a signal death. */
  default int supervisordCode() {
    if (this instanceof Exited e) {
      return e.code();
    }
    return -1;
  }

  /** Text as in supervisord's log: {@code exit status 1} or {@code terminated by SIGTERM}. */
  default String describe() {
    if (this instanceof Exited e) {
      return "exit status " + e.code();
    }
    if (this instanceof Signalled s) {
      return "terminated by " + Signal.ofNumber(s.signal()).map(Signal::signalName).orElse("signal " + s.signal());
    }
    return ((SpawnFailed) this).reason();
  }
}
