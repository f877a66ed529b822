package dev.jsupervisor.core.spi;

/**
 * A unix datagram socket opened by a {@link ProcessLauncher} for one child's sd_notify messages
 * ({@code readiness_probe = notify}): the child gets {@link #address()} as {@code NOTIFY_SOCKET}, and
 * every datagram sent to it goes to the consumer given to {@link ProcessLauncher#openNotifySocket},
 * on the launcher's thread. Only the child's user (and root) may send to it. Methods may be called
 * from any thread.
 */
public interface NotifySocket extends AutoCloseable {
  /** What {@code NOTIFY_SOCKET} is set to: an absolute path. */
  String address();

  /** Stops receiving and removes the socket; a datagram sent later fails at the sender. Idempotent; never throws. */
  @Override
  void close();
}
