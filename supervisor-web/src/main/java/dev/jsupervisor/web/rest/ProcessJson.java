package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.ProcessState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns core records into the JSON objects of the API. A process has the Go port's keys (which are
 * supervisord's {@code getProcessInfo} keys plus {@code node}) and a few more the page needs.
 */
final class ProcessJson {
  private ProcessJson() {}

  static Map<String, Object> of(ProcessInfo p, String node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name().name());
    m.put("group", p.name().group());
    m.put("namespec", p.name().namespec());
    m.put("node", node);
    m.put("description", p.description());
    m.put("start", p.start());
    m.put("stop", p.stop());
    m.put("now", p.now());
    m.put("state", p.state().code());
    m.put("statename", p.state().name());
    m.put("spawnerr", p.spawnerr());
    m.put("exitstatus", p.exitstatus());
    m.put("logfile", p.stdoutLogfile());
    m.put("stdout_logfile", p.stdoutLogfile());
    m.put("stderr_logfile", p.stderrLogfile());
    m.put("pid", p.pid());
    m.put("restarts", p.restarts());
    m.put("spawnfailures", p.spawnFailures());
    m.put("crash_restarts", p.crashRestarts());
    m.put("start_requests", p.startRequests());
    m.put("health", p.health()); // "" for a program without probes
    m.put("liveness_restarts", p.livenessRestarts());
    m.put("uptime", p.state() == ProcessState.RUNNING ? Math.max(0, p.now() - p.start()) : 0);
    return m;
  }

  static Map<String, Object> of(ProcessResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name().name());
    m.put("group", r.name().group());
    m.put("namespec", r.name().namespec());
    m.put("success", r.isOk());
    r.failure().ifPresent(e -> {
      m.put("fault", e.reason().name());
      m.put("code", Replies.faultCode(e.reason()));
      m.put("message", e.getMessage());
    });
    return m;
  }
}
