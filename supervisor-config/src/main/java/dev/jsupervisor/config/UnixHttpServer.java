package dev.jsupervisor.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code [unix_http_server]} section.
 *
 * @param section the section name (supervisord matches by prefix)
 * @param file the socket path, absolute and normalized
 * @param chmod mode of the socket file (default 0700)
 * @param chown {@code user} or {@code user:group} to give the socket to (validated); empty = unchanged
 * @param chownUid the resolved uid, -1 when unchanged
 * @param chownGid the resolved gid, -1 when unchanged
 * @param username basic-auth user (set together with password)
 * @param password basic-auth password, clear or {@code {SHA}hex}
 */
public record UnixHttpServer(
    String section,
    Path file,
    int chmod,
    Optional<String> chown,
    int chownUid,
    int chownGid,
    Optional<String> username,
    Optional<String> password) {}
