package dev.jsupervisor.core;

import dev.jsupervisor.core.os.posix.UnixDatagramSocket;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The sending half of systemd's sd_notify protocol: one datagram of {@code KEY=value} lines to the
 * unix datagram socket named by {@code NOTIFY_SOCKET} (a path, or {@code @name} in the abstract
 * namespace). Never blocks: a receiver that is gone or full makes {@link #send} throw. Thread-safe.
 */
public final class SystemdNotifier implements Closeable {
  /** The environment variable systemd sets for {@code Type=notify} services. */
  public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

  private final String address;
  private final UnixDatagramSocket socket;

  private SystemdNotifier(String address, UnixDatagramSocket socket) {
    this.address = address;
    this.socket = socket;
  }

  /**
   * A notifier for {@code NOTIFY_SOCKET} in {@code environment}; empty when it is unset or blank.
   *
   * @throws IOException when the sending socket cannot be created, or the address is not a unix
   *     socket path (too long, or neither absolute nor {@code @})
   */
  public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> environment) throws IOException {
    String address = environment.get(NOTIFY_SOCKET);
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    if (!address.startsWith("/") && !address.startsWith("@")) {
      throw new IOException(NOTIFY_SOCKET + " is neither an absolute path nor an abstract socket (@name): " + address);
    }
    return Optional.of(new SystemdNotifier(address, UnixDatagramSocket.open()));
  }

  /** The socket address notifications go to, as given in {@code NOTIFY_SOCKET}. */
  public String address() {
    return address;
  }

  /**
   * Sends {@code state} (e.g. {@code "READY=1\nMAINPID=42"}) as one datagram. Any thread.
   *
   * @throws IOException when the receiver is gone (ENOENT, ECONNREFUSED) or full (EAGAIN)
   */
  public void send(String state) throws IOException {
    byte[] data = state.getBytes(StandardCharsets.UTF_8);
    socket.send(Path.of(address), data, 0, data.length);
  }

  /** Closes the sending socket; idempotent. */
  @Override
  public void close() {
    socket.close();
  }
}
