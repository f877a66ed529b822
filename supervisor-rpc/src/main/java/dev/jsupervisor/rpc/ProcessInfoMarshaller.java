package dev.jsupervisor.rpc;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.SupervisorState;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the engine's records into supervisord's structs, key by key and in supervisord's member
 * order. Stateless; any thread.
 */
public final class ProcessInfoMarshaller {
  private ProcessInfoMarshaller() {}

  /**
   * The 14-key ProcessInfo struct of {@code getProcessInfo} (plus {@code health} and
   * {@code liveness_restarts} for a program with probes). Timestamps are clamped to 32 bits as
   * supervisord's {@code capped_int} does; {@code description} uses {@code zone} for stop times.
   */
  public static Map<String, Object> processInfo(ProcessInfo info, ZoneId zone) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", info.name().name());
    m.put("group", info.name().group());
    m.put("start", cappedInt(info.start()));
    m.put("stop", cappedInt(info.stop()));
    m.put("now", cappedInt(info.now()));
    m.put("state", info.state().code());
    m.put("statename", info.state().name());
    m.put("spawnerr", info.spawnerr());
    m.put("exitstatus", info.exitstatus());
    m.put("logfile", info.stdoutLogfile()); // deprecated alias kept by supervisord
    m.put("stdout_logfile", info.stdoutLogfile());
    m.put("stderr_logfile", info.stderrLogfile());
    m.put("pid", info.pid());
    m.put("description", info.description(zone));
    if (!info.health().isEmpty() || info.livenessRestarts() > 0) {
      // our extras (issue 15), only for programs with probes; Python's supervisorctl ignores them
      m.put("health", info.health());
      m.put("liveness_restarts", info.livenessRestarts());
    }
    return m;
  }

  /** A result struct of a group or all-process command: status 80 / {@code OK}, or the fault. */
  public static Map<String, Object> result(ProcessResult r) {
    if (r.isOk()) {
      return result(r.name(), Fault.SUCCESS.code(), "OK");
    }
    FaultException f = FaultMapper.toFault(r.failure().orElseThrow());
    return result(r.name(), f.fault().code(), f.faultString());
  }

  /** A result struct from its parts. */
  public static Map<String, Object> result(ProcessName name, int status, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name.name());
    m.put("group", name.group());
    m.put("status", status);
    m.put("description", description);
    return m;
  }

  /** The {@code getState} struct. */
  public static Map<String, Object> state(SupervisorState state) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statecode", state.code());
    m.put("statename", state.name());
    return m;
  }

  /** supervisord's {@code capped_int}: clamps to the signed 32-bit range XML-RPC can carry. */
  public static int cappedInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
