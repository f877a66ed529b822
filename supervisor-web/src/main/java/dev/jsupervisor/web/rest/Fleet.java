package dev.jsupervisor.web.rest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet view's settings: what this daemon is called and which other daemons the web UI and REST
 * show and control ({@code nodename}, {@code remotes} of {@code [inet_http_server]}). Immutable.
 *
 * @param nodename this daemon's node name; empty = the host name
 * @param remotes the other daemons, in configuration order
 * @param timeout how long a call to a remote may take (connect and, for reads, the whole answer)
 */
public record Fleet(Optional<String> nodename, List<Remote> remotes, Duration timeout) {

  /** One node: just this daemon, named after the host. */
  public static final Fleet SINGLE = new Fleet(Optional.empty(), List.of(), Duration.ofSeconds(3));

  public Fleet {
    Objects.requireNonNull(nodename, "nodename");
    remotes = List.copyOf(remotes);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
  }

  /** The remote called {@code node} (case-insensitive). */
  Optional<Remote> remote(String node) {
    String n = node.toLowerCase(Locale.ROOT);
    return remotes.stream().filter(r -> r.name().toLowerCase(Locale.ROOT).equals(n)).findFirst();
  }

  /**
   * Another jsupervisor daemon, reached over its REST API.
   *
   * @param name its node name here
   * @param url {@code http(s)://host:port}
   * @param username Basic auth user it wants, if any (together with password)
   * @param password its password
   */
  public record Remote(String name, URI url, Optional<String> username, Optional<String> password) {
    public Remote {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      if (username.isPresent() != password.isPresent()) {
        throw new IllegalArgumentException("remote " + name + ": set both username and password, or neither");
      }
    }

    @Override
    public String toString() {
      return "Remote[" + name + " " + url + "]";
    }
  }
}
