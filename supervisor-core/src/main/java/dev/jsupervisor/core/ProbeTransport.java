package dev.jsupervisor.core;

import java.util.function.Consumer;

/**
 * Runs network probe attempts (TCP connect, HTTP GET) without blocking the loop. Tests give the
 * engine a fake; the real one is {@link NioProbeTransport}.
 */
interface ProbeTransport extends AutoCloseable {
  /** One attempt in flight; cancelling it (a timeout, the process went away) drops its result. */
  interface Attempt {
    void cancel();
  }

  /**
   * Starts one attempt of {@code check} (a {@link ProbeSpec.Tcp} or {@link ProbeSpec.Http}); any
   * thread. {@code done} gets {@code null} for a pass or the reason of the failure, once, on a thread
   * of the transport's (never after {@link Attempt#cancel}).
   */
  Attempt start(ProbeSpec.Check check, Consumer<String> done);

  /** Ends the transport's thread; attempts in flight are dropped. */
  @Override
  void close();
}
