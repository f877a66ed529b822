package dev.jsupervisor.ctl;

import java.util.Map;

/**
 * The fields of supervisord's config-info struct that {@code avail} prints.
 *
 * @param name process name
 * @param group group name
 * @param inuse whether the group is active
 * @param autostart the program's autostart
 * @param groupPrio group priority
 * @param processPrio process priority
 */
record ConfigInfo(String name, String group, boolean inuse, boolean autostart, Object groupPrio, Object processPrio) {

  static ConfigInfo of(Object o) {
    Map<?, ?> m = Wire.struct(o);
    return new ConfigInfo(
        Wire.str(m, "name"),
        Wire.str(m, "group"),
        Boolean.TRUE.equals(m.get("inuse")),
        Boolean.TRUE.equals(m.get("autostart")),
        m.get("group_prio"),
        m.get("process_prio"));
  }
}
