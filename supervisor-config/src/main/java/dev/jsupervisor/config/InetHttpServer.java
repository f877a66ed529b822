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
 */
public record InetHttpServer(String section, String host, int port, Optional<String> username,
    Optional<String> password) {}
