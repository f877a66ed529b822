package dev.jsupervisor.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code [supervisorctl]} section (supervisord itself ignores it; problems in it become warnings).
 *
 * @param serverurl {@code unix:///abs/path} (normalized) or {@code http://host:port}
 * @param username basic-auth user
 * @param password clear-text password
 * @param prompt the prompt without {@code "> "}
 * @param historyFile readline history file, normalized
 */
public record CtlSection(String serverurl, Optional<String> username, Optional<String> password,
    String prompt, Optional<Path> historyFile) {}
