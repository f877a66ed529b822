package dev.jsupervisor.web;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [unix_http_server]}: a unix-domain socket listener with optional Basic auth.
 *
 * @param file the socket path (absolute)
 * @param chmod the socket file's permission bits, supervisord's default is {@code 0700}
 * @param chownUser owner to give the socket file ({@code chown=user[:group]}), if any
 * @param chownGroup group to give the socket file, if any
 * @param username Basic auth user; present exactly when {@code password} is
 * @param password clear text or {@code {SHA}} followed by 40 hex digits of the password's SHA-1
 */
public record UnixListener(
    Path file,
    int chmod,
    Optional<String> chownUser,
    Optional<String> chownGroup,
    Optional<String> username,
    Optional<String> password) {

  /** supervisord's default {@code chmod} of the socket file. */
  public static final int DEFAULT_CHMOD = 0700;

  public UnixListener {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(chownUser, "chownUser");
    Objects.requireNonNull(chownGroup, "chownGroup");
    if ((chmod & ~07777) != 0) {
      throw new IllegalArgumentException("chmod must be an octal mode <= 07777 but was " + Integer.toOctalString(chmod));
    }
    Credentials.check(username, password, "unix_http_server");
  }

  /** A listener with mode 0700, no chown and no authentication. */
  public static UnixListener of(Path file) {
    return new UnixListener(
        file, DEFAULT_CHMOD, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
