package dev.jsupervisor.rpc;

import java.util.List;

/**
 * The {@code jsupervisor.*} method table, bound to a {@link JsupervisorNamespace}; help texts in
 * supervisord's docstring form, as {@link SupervisorMethods}. Built once; immutable.
 */
final class JsupervisorMethods {
  private JsupervisorMethods() {}

  static List<RpcMethod> bind(JsupervisorNamespace ns) {
    return List.of(
        method("updatePlan", 0, p -> ns.updatePlan(),
            "What supervisorctl update would do now, without doing it: the config files are read\n"
                + "        afresh (and not kept) and compared with the active groups, process by process.",
            "@return struct result  {grain, added, changed, removed, unchanged}; each changed\n"
                + "                        group {group, whole, restarted: [{name, keys}], added, removed, unchanged}")
            .withFiles(),
        method("updateProcessGroup", 1, p -> ns.updateProcessGroup(p.string(0)),
            "Bring an active group to the configuration last read by reloadConfig, restarting only\n"
                + "        the processes whose own configuration changed (update_grain = group: all of them).",
            "@param string name      group name",
            "@return struct result  {group, whole, restarted, added, removed, unchanged} as done"));
  }

  private static RpcMethod method(String name, int required, RpcMethod.Invoker invoker, String summary, String... tags) {
    StringBuilder help = new StringBuilder(" ").append(summary).append("\n\n");
    for (String tag : tags) {
      help.append("        ").append(tag).append('\n');
    }
    help.append("        ");
    return new RpcMethod("jsupervisor." + name, help.toString(), required, invoker);
  }
}
