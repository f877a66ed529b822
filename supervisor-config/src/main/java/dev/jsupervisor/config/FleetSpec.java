package dev.jsupervisor.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Go port's fleet view keys of an {@code [inet_http_server]} ({@code nodename}, {@code remotes})
 * plus jsupervisor's per-remote credentials and timeout. Python supervisord ignores all of them.
 *
 * @param nodename what this daemon is called in the fleet; empty = the host name (the Go port's default)
 * @param remotes the other daemons the web UI and REST show, in configuration order
 * @param timeout how long one call to a remote may take before that node counts as OFFLINE
 */
public record FleetSpec(Optional<String> nodename, List<Remote> remotes, Duration timeout) {

  /** The default of {@code remote_timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** No fleet: one node, named after the host. */
  public static final FleetSpec NONE = new FleetSpec(Optional.empty(), List.of(), DEFAULT_TIMEOUT);

  public FleetSpec {
    Objects.requireNonNull(nodename, "nodename");
    remotes = List.copyOf(remotes);
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Whether the section sets any fleet key. */
  public boolean configured() {
    return nodename.isPresent() || !remotes.isEmpty();
  }

  /**
   * One remote daemon (jsupervisor's REST API at {@code url}).
   *
   * @param name the node name used in {@code {node}} routes and shown in the UI
   * @param url {@code http://host:port} or {@code https://host:port}, no path
   * @param username Basic auth user for that daemon (set together with password)
   * @param password its password, clear text
   */
  public record Remote(String name, URI url, Optional<String> username, Optional<String> password) {
    public Remote {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Remote[" + name + " " + url + (username.isPresent() ? " as " + username.get() : "") + "]";
    }
  }
}
