package dev.jsupervisor.rpc;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code supervisor.*} method table: 37 wire names (aliases included) with their help texts,
 * bound to a {@link SupervisorNamespace}. The help texts are ours, written in the form supervisord's
 * docstrings use ({@code @param type name text}, {@code @return type name text}) so that
 * {@code system.methodSignature} gives supervisord's signatures. Built once; immutable.
 */
final class SupervisorMethods {
  private SupervisorMethods() {}

  private static final String NAME = "@param string name      process name: group:name, or name when both are equal";
  private static final String GROUP_NAME = "@param string name      process name, or group:* for every process of a group";
  private static final String WAIT_START = "@param boolean wait     return only once it is RUNNING (default true)";
  private static final String WAIT_STOP = "@param boolean wait     return only once it has stopped (default true)";
  private static final String OFFSET = "@param int offset       byte offset to start at (negative: from the end)";
  private static final String LENGTH = "@param int length       number of bytes (0: up to the end)";
  private static final String RESULTS = "@return array result    one struct {name, group, status, description} per process";
  private static final String SIGNAL = "@param string signal    signal name (HUP, SIGHUP) or number (\"1\")";
  private static final String TRUE = "@return boolean result  true unless a fault is raised";

  static List<RpcMethod> bind(SupervisorNamespace ns) {
    List<RpcMethod> m = new ArrayList<>();
    RpcMethod apiVersion = method("getAPIVersion", 0, p -> ns.getAPIVersion(),
        "The version of this XML-RPC API.", "@return string version  always 3.0");
    m.add(apiVersion);
    m.add(apiVersion.alias("supervisor.getVersion"));
    m.add(method("getSupervisorVersion", 0, p -> ns.getSupervisorVersion(),
        "The supervisord release whose behaviour this daemon reproduces.", "@return string version  e.g. 4.2.5"));
    m.add(method("getIdentification", 0, p -> ns.getIdentification(),
        "The identifier of this daemon ([supervisord] identifier).", "@return string identifier  the identifying string"));
    m.add(method("getState", 0, p -> ns.getState(),
        "The daemon's own state.", "@return struct state  {int statecode, string statename}"));
    m.add(method("getPID", 0, p -> ns.getPID(),
        "The process id of the daemon.", "@return int pid  the pid"));
    RpcMethod readLog = method("readLog", 2, p -> ns.readLog(p.integer(0), p.integer(1)),
        "Read bytes of the daemon's main log.", OFFSET, LENGTH, "@return string result  the bytes read").withFiles();
    m.add(readLog);
    m.add(readLog.alias("supervisor.readMainLog"));
    m.add(method("clearLog", 0, p -> ns.clearLog(),
        "Delete the daemon's main log and start a new one.", TRUE).withFiles());
    m.add(method("shutdown", 0, p -> ns.shutdown(),
        "Stop every process, then the daemon. Returns before that happens.", TRUE));
    m.add(method("restart", 0, p -> ns.restart(),
        "Stop every process, read the configuration again and start afresh. Returns at once.", TRUE));
    m.add(method("reloadConfig", 0, p -> ns.reloadConfig(),
        "Read the configuration files again without applying them, and compare their groups with\n"
            + "        the active ones. Apply the result with addProcessGroup/removeProcessGroup.",
        "@return array result  [[added, changed, removed]], three arrays of group names").withFiles());
    m.add(method("addProcessGroup", 1, p -> ns.addProcessGroup(p.string(0)),
        "Activate a group from the configuration; its autostart processes start.",
        "@param string name      group name", "@return boolean result  true if the group was added"));
    m.add(method("removeProcessGroup", 1, p -> ns.removeProcessGroup(p.string(0)),
        "Deactivate a group whose processes are all stopped.",
        "@param string name      group name", "@return boolean result  true if the group was removed"));
    m.add(method("startProcess", 1, p -> ns.startProcess(p.string(0), p.truthy(1, true)),
        "Start a process, or every process of group:*.", GROUP_NAME, WAIT_START, TRUE));
    m.add(method("startProcessGroup", 1, p -> ns.startProcessGroup(p.string(0), p.truthy(1, true)),
        "Start the processes of a group that are not running.",
        "@param string name      group name", WAIT_START, RESULTS));
    m.add(method("startAllProcesses", 0, p -> ns.startAllProcesses(p.truthy(0, true)),
        "Start every process that is not running, in priority order.", WAIT_START, RESULTS));
    m.add(method("stopProcess", 1, p -> ns.stopProcess(p.string(0), p.truthy(1, true)),
        "Stop a process, or every process of group:*.", GROUP_NAME, WAIT_STOP, TRUE));
    m.add(method("stopProcessGroup", 1, p -> ns.stopProcessGroup(p.string(0), p.truthy(1, true)),
        "Stop the running processes of a group.", "@param string name      group name", WAIT_STOP, RESULTS));
    m.add(method("stopAllProcesses", 0, p -> ns.stopAllProcesses(p.truthy(0, true)),
        "Stop every running process.", WAIT_STOP, RESULTS));
    m.add(method("signalProcess", 2, p -> ns.signalProcess(p.string(0), p.raw(1)),
        "Send a signal to a process, or to every process of group:*.", GROUP_NAME, SIGNAL,
        "@return boolean result  true unless a fault is raised"));
    m.add(method("signalProcessGroup", 2, p -> ns.signalProcessGroup(p.string(0), p.raw(1)),
        "Send a signal to the running processes of a group.", "@param string name      group name", SIGNAL, RESULTS));
    m.add(method("signalAllProcesses", 1, p -> ns.signalAllProcesses(p.raw(0)),
        "Send a signal to every running process.", SIGNAL, RESULTS));
    m.add(method("getProcessInfo", 1, p -> ns.getProcessInfo(p.string(0)),
        "State and details of one process.", NAME, "@return struct result  the process info"));
    m.add(method("getAllProcessInfo", 0, p -> ns.getAllProcessInfo(),
        "State and details of every process, by group name then process name.",
        "@return array result  one process info struct per process"));
    m.add(method("getAllConfigInfo", 0, p -> ns.getAllConfigInfo(),
        "The configuration of every configured process, whether its group is active or not.",
        "@return array result  one config info struct per process"));
    RpcMethod readStdout = method("readProcessStdoutLog", 3,
        p -> ns.readProcessStdoutLog(p.string(0), p.integer(1), p.integer(2)),
        "Read bytes of a process's stdout log.", NAME, OFFSET, LENGTH, "@return string result  the bytes read").withFiles();
    m.add(readStdout);
    m.add(readStdout.alias("supervisor.readProcessLog"));
    m.add(method("readProcessStderrLog", 3, p -> ns.readProcessStderrLog(p.string(0), p.integer(1), p.integer(2)),
        "Read bytes of a process's stderr log.", NAME, OFFSET, LENGTH, "@return string result  the bytes read").withFiles());
    String tailText = "Tail a process's %s log: at most length bytes from offset; if the log has grown\n"
        + "        beyond offset+length, the last length bytes and overflow=true. The offset returned\n"
        + "        is the log's size, to pass as the next offset.";
    String tailLength = "@param int length       maximum number of bytes";
    String tailReturn = "@return array result    [string bytes, int offset, boolean overflow]";
    RpcMethod tailStdout = method("tailProcessStdoutLog", 3,
        p -> ns.tailProcessStdoutLog(p.string(0), p.integer(1), p.integer(2)),
        String.format(tailText, "stdout"), NAME, "@param int offset       byte offset to start at", tailLength, tailReturn).withFiles();
    m.add(tailStdout);
    m.add(tailStdout.alias("supervisor.tailProcessLog"));
    m.add(method("tailProcessStderrLog", 3, p -> ns.tailProcessStderrLog(p.string(0), p.integer(1), p.integer(2)),
        String.format(tailText, "stderr"), NAME, "@param int offset       byte offset to start at", tailLength, tailReturn).withFiles());
    RpcMethod clear = method("clearProcessLogs", 1, p -> ns.clearProcessLogs(p.string(0)),
        "Delete a process's stdout and stderr logs and start new ones (backups stay).", NAME, TRUE).withFiles();
    m.add(clear);
    m.add(clear.alias("supervisor.clearProcessLog"));
    m.add(method("clearAllProcessLogs", 0, p -> ns.clearAllProcessLogs(),
        "Delete and restart the logs of every process.", RESULTS).withFiles());
    m.add(method("sendProcessStdin", 2, p -> ns.sendProcessStdin(p.string(0), p.raw(1)),
        "Write characters (UTF-8 encoded) to a running process's stdin.", NAME,
        "@param string chars     the characters to write", TRUE));
    m.add(method("sendRemoteCommEvent", 2, p -> ns.sendRemoteCommEvent(p.raw(0), p.raw(1)),
        "Emit a REMOTE_COMMUNICATION event for event listeners.",
        "@param string type      the event header's type", "@param string data      the event body", TRUE));
    return List.copyOf(m);
  }

  private static RpcMethod method(String name, int required, RpcMethod.Invoker invoker, String summary, String... tags) {
    StringBuilder help = new StringBuilder(" ").append(summary).append("\n\n");
    for (String tag : tags) {
      help.append("        ").append(tag).append('\n');
    }
    help.append("        ");
    return new RpcMethod("supervisor." + name, help.toString(), required, invoker);
  }
}
