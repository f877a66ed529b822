package dev.jsupervisor.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment a child starts with, in supervisord's order: the supervisor's own environment,
 * then {@code SUPERVISOR_ENABLED}, {@code SUPERVISOR_SERVER_URL}, {@code SUPERVISOR_PROCESS_NAME},
 * {@code SUPERVISOR_GROUP_NAME}, then {@code [supervisord] environment}, then the program's own
 * {@code environment}. One difference from supervisord: the supervisor's own {@code NOTIFY_SOCKET}
 * (systemd's, for the daemon) is not inherited, so that a child's sd_notify calls do not speak for
 * the daemon; one set by either {@code environment} is kept, and a {@code readiness_probe = notify}
 * program gets its own at launch. Immutable; any thread.
 */
final class ChildEnvironment {
  private final Map<String, String> system;
  private final Map<String, String> supervisor;
  private final String serverUrl;

  /**
   * @param system what children inherit (normally {@link System#getenv()})
   * @param supervisor {@code [supervisord] environment}
   * @param serverUrl the default {@code SUPERVISOR_SERVER_URL}, or null for none
   */
  ChildEnvironment(Map<String, String> system, Map<String, String> supervisor, String serverUrl) {
    Map<String, String> inherited = new HashMap<>(system);
    inherited.remove(SystemdNotifier.NOTIFY_SOCKET);
    this.system = Map.copyOf(inherited);
    this.supervisor = Map.copyOf(supervisor);
    this.serverUrl = serverUrl;
  }

  /** The complete environment of one child of {@code spec}, a member of {@code name}'s group. */
  Map<String, String> of(ProcessName name, ProcessSpec spec) {
    Map<String, String> env = new HashMap<>(system.size() + supervisor.size() + spec.environment().size() + 4);
    env.putAll(system);
    env.put("SUPERVISOR_ENABLED", "1");
    String url = spec.serverurl().orElse(serverUrl);
    if (url != null) {
      env.put("SUPERVISOR_SERVER_URL", url);
    }
    env.put("SUPERVISOR_PROCESS_NAME", spec.name());
    env.put("SUPERVISOR_GROUP_NAME", name.group());
    env.putAll(supervisor);
    env.putAll(spec.environment());
    return env;
  }
}
