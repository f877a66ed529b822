package dev.jsupervisor.config;

import dev.jsupervisor.core.GroupSpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code [fcgi-program:x]} not gathered by a {@code [group:x]}: its processes plus the socket
 * they share as fd 0. (Inside a {@code [group:x]} supervisord runs them as plain programs.)
 *
 * @param group the processes, as a group named after the program
 * @param socket {@code unix:///abs/path} (normalized) or {@code tcp://host:port}
 * @param socketBacklog listen backlog, empty = SOMAXCONN
 * @param socketOwner {@code user[:group]} of a unix socket
 * @param socketMode mode of a unix socket (default 0700 for unix sockets)
 */
public record FcgiProgramSpec(GroupSpec group, String socket, OptionalInt socketBacklog,
    Optional<String> socketOwner, OptionalInt socketMode) {}
