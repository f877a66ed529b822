package dev.jsupervisor.rpc;

import dev.jsupervisor.core.ProcessName;

/**
 * A namespec as the RPC methods see it: {@code group:*} and {@code group:} address the whole group
 * ({@code process} null); {@code group:name} and a bare {@code name} one process. The splitting
 * rules are {@link ProcessName}'s (supervisord's {@code split_namespec}).
 *
 * @param group the group part
 * @param process the process part, or null for the whole group
 */
record Namespec(String group, String process) {

  static Namespec parse(String namespec) {
    if (ProcessName.isGroupSpec(namespec)) {
      return new Namespec(ProcessName.groupOf(namespec), null);
    }
    ProcessName name = ProcessName.parse(namespec);
    return new Namespec(name.group(), name.name());
  }

  boolean isGroup() {
    return process == null;
  }
}
