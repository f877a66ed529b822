package dev.jsupervisor.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The listening socket an {@code [fcgi-program:x]} group's children share as their fd 0, as
 * supervisord's {@code socket}, {@code socket_backlog}, {@code socket_owner} and {@code socket_mode}
 * keys describe it. Created when the first member spawns and closed when the last one has been
 * reaped (supervisord's reference-counted {@code SocketManager}).
 *
 * @param url {@code unix:///absolute/path} or {@code tcp://host:port}
 * @param backlog listen backlog; empty = SOMAXCONN
 * @param ownerUid chown a unix socket file to this uid; empty = leave it
 * @param ownerGid chown a unix socket file to this gid; empty = leave it
 * @param mode chmod a unix socket file to this mode; empty = leave it
 */
public record SharedSocketSpec(String url, OptionalInt backlog, OptionalInt ownerUid, OptionalInt ownerGid,
    OptionalInt mode) {

  public SharedSocketSpec {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(backlog, "backlog");
    Objects.requireNonNull(ownerUid, "ownerUid");
    Objects.requireNonNull(ownerGid, "ownerGid");
    Objects.requireNonNull(mode, "mode");
    if (!url.startsWith("unix:///") && !url.startsWith("tcp://")) {
      throw new IllegalArgumentException("shared socket must be unix:///path or tcp://host:port: " + url);
    }
  }

  /** A socket with supervisord's defaults for everything but its address. */
  public static SharedSocketSpec of(String url) {
    return new SharedSocketSpec(url, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty());
  }

  /** Whether this is a unix domain socket. */
  public boolean isUnix() {
    return url.startsWith("unix://");
  }

  /** The socket file of a unix socket (only when {@link #isUnix()}). */
  public String path() {
    return url.substring("unix://".length());
  }
}
