package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.ProcessLauncher;
import dev.jsupervisor.core.spi.SharedSocket;

/**
 * The listening socket of one {@code [fcgi-program:x]} group, reference-counted per child as
 * supervisord's {@code SocketManager}: the first spawn opens it, each spawned child holds one
 * {@link Lease} until it is reaped (or its spawn failed), and the last release closes it, so the
 * socket exists exactly while some member has a child. Loop thread only.
 */
final class SharedSocketManager {
  private final SharedSocketSpec spec;
  private final ProcessLauncher launcher;
  private final ActivityLog log;
  private SharedSocket socket;
  private int leases;

  SharedSocketManager(SharedSocketSpec spec, ProcessLauncher launcher, ActivityLog log) {
    this.spec = spec;
    this.launcher = launcher;
    this.log = log;
  }

  /** One child's hold on the socket; {@link #release()} is idempotent. */
  final class Lease {
    private boolean released;

    SharedSocket socket() {
      return socket;
    }

    void release() {
      if (released) {
        return;
      }
      released = true;
      if (--leases == 0) {
        log.log(LogLevel.INFO, "Closing socket " + spec.url());
        socket.close();
        socket = null;
      }
    }
  }

  /**
   * Creates the socket and closes it again, as supervisord does when it makes the group, so a bad
   * address fails the group before anything runs.
   *
   * @throws IllegalArgumentException with supervisord's text {@code Could not create FastCGI socket ...}
   */
  void probe() {
    if (socket != null) {
      return;
    }
    try {
      log.log(LogLevel.INFO, "Creating socket " + spec.url());
      launcher.openSharedSocket(spec).close();
      log.log(LogLevel.INFO, "Closing socket " + spec.url());
    } catch (LaunchException e) {
      throw new IllegalArgumentException("Could not create FastCGI socket " + spec.url() + ": " + e.getMessage());
    }
  }

  /**
   * A hold on the socket for one spawn, opening it if nobody holds it yet.
   *
   * @throws LaunchException when the socket cannot be opened (nobody holds it then)
   */
  Lease acquire() throws LaunchException {
    if (socket == null) {
      log.log(LogLevel.INFO, "Creating socket " + spec.url());
      socket = launcher.openSharedSocket(spec);
    }
    leases++;
    return new Lease();
  }

  /** Whether the socket is open now (for tests and status). */
  boolean isOpen() {
    return socket != null;
  }
}
