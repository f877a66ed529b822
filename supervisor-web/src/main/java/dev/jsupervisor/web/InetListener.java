package dev.jsupervisor.web;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [inet_http_server]}: a TCP listener with optional Basic auth.
 *
 * @param host the address to bind; {@code *} or empty means all interfaces (supervisord's {@code
 *     *:9001} / {@code :9001})
 * @param port the TCP port, 0 for any free port (tests)
 * @param username Basic auth user; present exactly when {@code password} is
 * @param password clear text or {@code {SHA}} followed by 40 hex digits of the password's SHA-1
 * @param metricsAuth false: {@code GET /metrics} is served without credentials (for Prometheus)
 */
public record InetListener(
    String host, int port, Optional<String> username, Optional<String> password, boolean metricsAuth) {

  /** A listener whose {@code /metrics} needs the same credentials as everything else. */
  public InetListener(String host, int port, Optional<String> username, Optional<String> password) {
    this(host, port, username, password, true);
  }

  public InetListener {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535 but was " + port);
    }
    Credentials.check(username, password, "inet_http_server");
  }

  /** A listener without authentication. */
  public static InetListener of(String host, int port) {
    return new InetListener(host, port, Optional.empty(), Optional.empty());
  }

  /** Whether {@link #host} means every interface. */
  boolean wildcard() {
    return host.isEmpty() || host.equals("*");
  }

  /** {@code host:port} as supervisord prints it. */
  String describe() {
    return (wildcard() ? "*" : host) + ":" + port;
  }
}
