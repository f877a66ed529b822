package dev.jsupervisor.ctl;

import java.util.Map;

/**
 * One entry of a multi-process result ({@code startProcessGroup}, {@code stopAllProcesses}, ...),
 * or a single-process fault turned into the same shape, as supervisorctl does.
 *
 * @param name process name (may be null for a bare group fault)
 * @param group group name
 * @param status 80 (SUCCESS) or a fault code
 * @param description {@code OK} or the fault string
 */
record ProcessResult(String name, String group, int status, String description) {

  String namespec() {
    return Names.namespec(group, name);
  }

  static ProcessResult of(Object o) {
    Map<?, ?> m = Wire.struct(o);
    return new ProcessResult(
        Wire.str(m, "name"), Wire.str(m, "group"), Wire.integer(m, "status"), Wire.str(m, "description"));
  }
}
