package dev.jsupervisor.core.spi;

import dev.jsupervisor.core.ExitStatus;
import java.util.function.Consumer;

/**
 * Starts children and watches them. The engine calls {@link #launch} from its loop thread; the
 * launcher reports exits on a thread of its own, which must not be the caller's.
 *
 * <p>Contract: {@code onExit} is called exactly once per launched child, after the child was reaped
 * and after every byte it wrote before exiting was handed to its sinks. Output written later by
 * grandchildren that still hold the pipes keeps flowing to the same sinks until EOF.
 */
public interface ProcessLauncher extends AutoCloseable {

  /**
   * Starts a child.
   *
   * @param onExit called once, on the launcher's thread, with how the child ended
   * @throws LaunchException when the child could not be started (nothing is left running then)
   */
  ChildProcess launch(LaunchRequest request, Consumer<ExitStatus> onExit) throws LaunchException;

  /**
   * Whether a spawn now would leave the supervisor the descriptors it keeps for its control plane
   * (answering RPC, logging). The engine asks before it opens a child's logs and, on false, fails
   * the spawn as supervisord does on EMFILE ({@code too many open files to spawn 'x'}). Called on
   * the loop thread; must not block. The default has no limit.
   */
  default boolean descriptorsToSpare() {
    return true;
  }

  /**
   * Opens (creates, binds, listens on) the socket an fcgi-program's children share as fd 0. Loop
   * thread. The default launcher cannot.
   *
   * @throws LaunchException with the OS's reason when the socket cannot be created or bound
   */
  default SharedSocket openSharedSocket(dev.jsupervisor.core.SharedSocketSpec spec) throws LaunchException {
    throw new LaunchException("this launcher cannot open shared sockets (" + spec.url() + ")");
  }

  /**
   * Opens a socket for one child's sd_notify datagrams ({@code readiness_probe = notify}): each
   * datagram goes to {@code onDatagram} on the launcher's thread, as received (at most
   * {@link #NOTIFY_DATAGRAM_MAX} bytes). Loop thread. The default launcher cannot.
   *
   * @param label the child's name, for messages
   * @param user the child's {@code user=}, which must be able to send to it
   * @throws LaunchException with the OS's reason when the socket cannot be created
   */
  default NotifySocket openNotifySocket(String label, java.util.Optional<String> user,
      Consumer<byte[]> onDatagram) throws LaunchException {
    throw new LaunchException("this launcher cannot receive sd_notify messages (needed by '" + label + "')");
  }

  /** The longest sd_notify datagram passed on; longer ones are cut (systemd's own limit is far above any READY/STATUS). */
  int NOTIFY_DATAGRAM_MAX = 4096;

  /** Stops the launcher's threads. Children still running are not signalled. */
  @Override
  void close();
}
