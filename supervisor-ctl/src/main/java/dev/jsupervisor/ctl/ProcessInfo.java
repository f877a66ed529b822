package dev.jsupervisor.ctl;

import java.util.Map;

/**
 * The fields of supervisord's process-info struct that supervisorctl uses.
 *
 * @param name process name
 * @param group group name
 * @param state state code (0 STOPPED ... 1000 UNKNOWN)
 * @param statename state name
 * @param description the server-made third column of {@code status}
 * @param pid pid or 0
 */
record ProcessInfo(String name, String group, int state, String statename, String description, int pid) {

  /** The state codes that {@code status} reports as "not running" (exit 3). */
  boolean isStopped() {
    return state == 0 || state == 100 || state == 200 || state == 1000;
  }

  /** RUNNING, the only state {@code fg} attaches to. */
  boolean isRunning() {
    return state == 20;
  }

  /** {@code name}, or {@code group:name} when they differ. */
  String namespec() {
    return Names.namespec(group, name);
  }

  static ProcessInfo of(Object o) {
    Map<?, ?> m = Wire.struct(o);
    return new ProcessInfo(
        Wire.str(m, "name"),
        Wire.str(m, "group"),
        Wire.integer(m, "state"),
        Wire.str(m, "statename"),
        Wire.str(m, "description"),
        Wire.integer(m, "pid"));
  }
}
