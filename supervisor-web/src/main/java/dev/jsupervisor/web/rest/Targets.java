package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.rpc.DaemonControl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Resolves the names in URLs against the current snapshot. A process is {@code group:name}, or just
 * {@code name} when that is unique (the Go port's users address processes by name alone); a group is
 * {@code group:*} or {@code group:}. A {@code {node}} of the Go port's routes that is not a remote
 * of the fleet ({@link NodeRouter}) must name this daemon: its nodename, identifier, host name,
 * {@code local} or {@code localhost}.
 */
final class Targets {
  private final DaemonControl daemon;
  private final String hostname;
  private final String nodeName;

  Targets(DaemonControl daemon, Fleet fleet) {
    this.daemon = daemon;
    this.hostname = localHostName();
    this.nodeName = fleet.nodename().orElse(hostname);
  }

  /** What {@code node} is called in process JSON: {@code nodename}, by default the host name (as the Go port). */
  String nodeName() {
    return nodeName;
  }

  /** Accepts this daemon's names: nodename, identifier, host name, {@code local}, {@code localhost}. */
  void checkNode(String node) throws ControlException {
    String n = node.toLowerCase(Locale.ROOT);
    if (!(node.equals(daemon.identification()) || n.equals(hostname.toLowerCase(Locale.ROOT))
        || n.equals(nodeName.toLowerCase(Locale.ROOT)) || n.equals("local") || n.equals("localhost"))) {
      throw new ControlException(Reason.BAD_NAME, "no node " + node + " (this is " + nodeName + ")");
    }
  }

  /** The process named {@code spec}; BAD_NAME when there is none or a bare name is ambiguous. */
  ProcessInfo process(SupervisorSnapshot snapshot, String spec) throws ControlException {
    if (spec.isEmpty() || ProcessName.isGroupSpec(spec)) {
      throw new ControlException(Reason.BAD_NAME, spec);
    }
    var exact = snapshot.process(ProcessName.parse(spec));
    if (exact.isPresent() || spec.indexOf(':') >= 0) {
      return exact.orElseThrow(() -> new ControlException(Reason.BAD_NAME, spec));
    }
    List<ProcessInfo> byName = snapshot.processes().stream()
        .filter(p -> p.name().name().equals(spec))
        .collect(Collectors.toList());
    if (byName.size() != 1) {
      throw new ControlException(Reason.BAD_NAME, byName.isEmpty() ? spec
          : spec + " is ambiguous: " + byName.stream().map(p -> p.name().namespec()).collect(Collectors.joining(", ")));
    }
    return byName.get(0);
  }

  /** The group of a {@code group:*} spec; BAD_NAME when no such group is active. */
  String group(SupervisorSnapshot snapshot, String spec) throws ControlException {
    String group = ProcessName.groupOf(spec);
    if (snapshot.group(group).isEmpty()) {
      throw new ControlException(Reason.BAD_NAME, spec);
    }
    return group;
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
