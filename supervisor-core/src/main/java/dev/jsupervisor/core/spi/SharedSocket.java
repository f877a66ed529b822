package dev.jsupervisor.core.spi;

/**
 * A listening socket opened by a {@link ProcessLauncher} for children to share as their fd 0 (an
 * {@code [fcgi-program:x]}'s). The engine passes it in {@link LaunchRequest#stdinSocket()} and
 * closes it once no child of its group is left. Methods may be called from any thread.
 */
public interface SharedSocket extends AutoCloseable {
  /** The address it listens on, as configured ({@code unix:///path} or {@code tcp://host:port}). */
  String url();

  /** Stops listening (children that still hold the socket keep their copy). Idempotent; never throws. */
  @Override
  void close();
}
