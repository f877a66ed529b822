package dev.jsupervisor.config;

import java.util.Optional;

/**
 * An {@code [inet_http_server]} section (supervisord matches the name by prefix, so several exist).
 *
 * @param section the section name
 * @param host the host to bind, lower-cased; "" = all interfaces ({@code *:port}, {@code :port}, {@code port})
 * @param port 1–65535
 * @param username basic-auth user (set together with password)
 * @param password basic-auth password, clear or {@code {SHA}hex}
 * @param metricsAuth jsupervisor's {@code metrics_auth} (default true): whether {@code /metrics} needs
 *     the credentials too; {@code false} lets a Prometheus server scrape without them, as the Go port
 *     does (Python supervisord ignores the key)
 * @param fleet the Go port's {@code nodename}/{@code remotes} with jsupervisor's remote credentials
 *     ({@link FleetSpec#NONE} when the section sets none)
 */
public record InetHttpServer(String section, String host, int port, Optional<String> username,
    Optional<String> password, boolean metricsAuth, FleetSpec fleet) {

  /** A section without fleet keys. */
  public InetHttpServer(String section, String host, int port, Optional<String> username,
      Optional<String> password, boolean metricsAuth) {
    this(section, host, port, username, password, metricsAuth, FleetSpec.NONE);
  }

  /** A section without {@code metrics_auth} (metrics behind the same auth as everything else). */
  public InetHttpServer(String section, String host, int port, Optional<String> username,
      Optional<String> password) {
    this(section, host, port, username, password, true);
  }
}
