package dev.jsupervisor.config;

import dev.jsupervisor.config.values.ValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads the fleet keys of one {@code [inet_http_server*]} section into a {@link FleetSpec}:
 * {@code nodename}, {@code remotes = node:host:port[, node:http(s)://host:port ...]} (the Go port's
 * syntax, plus URLs), {@code remote_timeout} (seconds) and, per remote node {@code N},
 * {@code remote_N_username} / {@code remote_N_password}. Loading thread only; a bad value throws
 * {@link ValueException} naming the key in {@link #key()}.
 */
final class FleetReader {
  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final BiFunction<String, String, String> get;
  private String key = "";

  /** {@code get(section, key)}: the expanded value or null. */
  FleetReader(BiFunction<String, String, String> get) {
    this.get = get;
  }

  /** The key being read when a {@link ValueException} was thrown. */
  String key() {
    return key;
  }

  FleetSpec read(String section) {
    String nodename = value(section, "nodename");
    if (nodename != null) {
      nodename = nodename.strip();
      if (!NODE.matcher(nodename).matches()) {
        throw new ValueException("invalid nodename '" + nodename
            + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
      }
    }
    String timeoutText = value(section, "remote_timeout");
    Duration timeout = FleetSpec.DEFAULT_TIMEOUT;
    if (timeoutText != null) {
      timeout = seconds(timeoutText.strip());
    }
    List<FleetSpec.Remote> remotes = new ArrayList<>();
    String list = value(section, "remotes");
    if (list != null) {
      Set<String> seen = new HashSet<>();
      if (nodename != null) {
        seen.add(nodename.toLowerCase(Locale.ROOT));
      }
      for (String item : list.split(",")) {
        if (item.isBlank()) {
          continue;
        }
        key = "remotes";
        FleetSpec.Remote r = remote(section, item.strip());
        if (!seen.add(r.name().toLowerCase(Locale.ROOT))) {
          key = "remotes";
          throw new ValueException("node name '" + r.name() + "' is used twice in remotes (or is this nodename)");
        }
        remotes.add(r);
      }
    }
    return new FleetSpec(Optional.ofNullable(nodename), remotes, timeout);
  }

  private FleetSpec.Remote remote(String section, String item) {
    int colon = item.indexOf(':');
    if (colon <= 0) {
      throw new ValueException("invalid remote '" + item + "': expected node:host:port or node:http://host:port");
    }
    String name = item.substring(0, colon).strip();
    if (!NODE.matcher(name).matches()) {
      throw new ValueException("invalid node name '" + name + "' in remote '" + item + "'");
    }
    if (name.equalsIgnoreCase("local") || name.equalsIgnoreCase("localhost")) {
      throw new ValueException("remote '" + item + "': the node names local and localhost mean this daemon");
    }
    String address = item.substring(colon + 1).strip();
    String lower = address.toLowerCase(Locale.ROOT);
    String url = lower.startsWith("http://") || lower.startsWith("https://") ? address : "http://" + address;
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ValueException("invalid remote '" + item + "': " + e.getReason());
    }
    String path = uri.getRawPath();
    if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || uri.getRawUserInfo() != null
        || (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new ValueException("invalid remote '" + item + "': expected node:host:port or node:http://host:port"
          + " (with a port, no path; credentials go in remote_" + name + "_username/_password)");
    }
    uri = URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority());
    String prefix = "remote_" + name.toLowerCase(Locale.ROOT) + "_";
    String username = value(section, prefix + "username");
    String password = value(section, prefix + "password");
    if ((username == null) != (password == null)) {
      key = username == null ? prefix + "username" : prefix + "password";
      throw new ValueException("remote " + name + " has incomplete authentication: set both "
          + prefix + "username and " + prefix + "password");
    }
    return new FleetSpec.Remote(name, uri, Optional.ofNullable(username), Optional.ofNullable(password));
  }

  private static Duration seconds(String text) {
    try {
      double s = Double.parseDouble(text);
      if (!(s > 0 && s <= 300)) {
        throw new ValueException("remote_timeout must be between 0 and 300 seconds but was " + text);
      }
      return Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException e) {
      throw new ValueException("remote_timeout must be a number of seconds but was '" + text + "'");
    }
  }

  private String value(String section, String k) {
    key = k;
    return get.apply(section, k);
  }
}
