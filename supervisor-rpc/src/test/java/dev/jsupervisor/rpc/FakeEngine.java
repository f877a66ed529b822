package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Signal;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.SupervisorState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted engine: active groups and process states set by the test, simple start/stop/signal
 * semantics (start of a running process fails ALREADY_STARTED, ...), an injectable next failure and
 * an optional held future for blocking calls. Records every command.
 */
final class FakeEngine implements Engine {
  static final long NOW = 1_700_000_000L;

  volatile SupervisorState state = SupervisorState.RUNNING;
  final Map<String, GroupSpec> groups = new TreeMap<>();
  final Map<ProcessName, ProcessInfo> infos = new TreeMap<>();
  final Map<ProcessName, Path> stdoutLogs = new HashMap<>();
  final List<String> commands = new CopyOnWriteArrayList<>();
  volatile ControlException nextFailure;
  volatile CompletableFuture<ProcessInfo> heldStart;

  synchronized FakeEngine activate(GroupSpec g, ProcessState s) {
    groups.put(g.name(), g);
    for (ProcessSpec p : g.processes()) {
      set(g.nameOf(p), s);
    }
    return this;
  }

  synchronized void set(ProcessName n, ProcessState s) {
    boolean alive = s.isSignallable();
    infos.put(n, new ProcessInfo(n, s == ProcessState.STOPPED ? 0 : NOW - 65, s.isStopped() ? NOW - 5 : 0, NOW, s,
        s == ProcessState.FATAL ? "Exited too quickly (process log may have details)" : "",
        0, "/tmp/" + n.name() + ".log", "", alive ? 4242 : 0, 0, 0));
  }

  @Override
  public synchronized SupervisorSnapshot snapshot() {
    return new SupervisorSnapshot(state, new ArrayList<>(groups.values()), new ArrayList<>(infos.values()));
  }

  private <T> CompletableFuture<T> failure() {
    ControlException e = nextFailure;
    nextFailure = null;
    return e == null ? null : CompletableFuture.failedFuture(e);
  }

  @Override
  public synchronized CompletableFuture<ProcessInfo> start(ProcessName name, boolean wait) {
    commands.add("start " + name + " " + wait);
    CompletableFuture<ProcessInfo> f = failure();
    if (f != null) {
      return f;
    }
    if (heldStart != null) {
      return heldStart;
    }
    if (infos.get(name).state().isRunning()) {
      return CompletableFuture.failedFuture(new ControlException(Reason.ALREADY_STARTED, name.namespec()));
    }
    set(name, ProcessState.RUNNING);
    return CompletableFuture.completedFuture(infos.get(name));
  }

  @Override
  public synchronized CompletableFuture<ProcessInfo> stop(ProcessName name, boolean wait) {
    commands.add("stop " + name + " " + wait);
    CompletableFuture<ProcessInfo> f = failure();
    if (f != null) {
      return f;
    }
    if (!infos.get(name).state().isRunning()) {
      return CompletableFuture.failedFuture(new ControlException(Reason.NOT_RUNNING, name.namespec()));
    }
    set(name, ProcessState.STOPPED);
    return CompletableFuture.completedFuture(infos.get(name));
  }

  private synchronized CompletableFuture<List<ProcessResult>> each(String command, String group, boolean running) {
    commands.add(command);
    List<ProcessResult> out = new ArrayList<>();
    for (ProcessInfo i : new ArrayList<>(infos.values())) {
      if ((group == null || i.name().group().equals(group)) && i.state().isRunning() == running) {
        set(i.name(), running ? ProcessState.STOPPED : ProcessState.RUNNING);
        out.add(ProcessResult.ok(i.name()));
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait) {
    return each("startGroup " + group + " " + wait, group, false);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startAll(boolean wait) {
    return each("startAll " + wait, null, false);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait) {
    return each("stopGroup " + group + " " + wait, group, true);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopAll(boolean wait) {
    return each("stopAll " + wait, null, true);
  }

  @Override
  public synchronized CompletableFuture<Void> signal(ProcessName name, Signal signal) {
    commands.add("signal " + name + " " + signal);
    CompletableFuture<Void> f = failure();
    return f != null ? f : CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<List<ProcessResult>> signalGroup(String group, Signal signal) {
    commands.add("signalGroup " + group + " " + signal);
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public synchronized CompletableFuture<List<ProcessResult>> signalAll(Signal signal) {
    commands.add("signalAll " + signal);
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public synchronized CompletableFuture<Void> sendStdin(ProcessName name, byte[] data) {
    commands.add("stdin " + name + " " + new String(data, java.nio.charset.StandardCharsets.UTF_8));
    CompletableFuture<Void> f = failure();
    return f != null ? f : CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> addGroup(GroupSpec group) {
    commands.add("addGroup " + group.name());
    if (groups.containsKey(group.name())) {
      return CompletableFuture.failedFuture(new ControlException(Reason.ALREADY_ADDED, group.name()));
    }
    activate(group, ProcessState.STOPPED);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> removeGroup(String group) {
    commands.add("removeGroup " + group);
    CompletableFuture<Void> f = failure();
    if (f != null) {
      return f;
    }
    groups.remove(group);
    infos.keySet().removeIf(n -> n.group().equals(group));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized Optional<Path> logFile(ProcessName name, Channel channel) throws ControlException {
    if (!infos.containsKey(name)) {
      throw new ControlException(Reason.BAD_NAME, name.namespec());
    }
    return channel == Channel.STDOUT ? Optional.ofNullable(stdoutLogs.get(name)) : Optional.empty();
  }

  @Override
  public synchronized CompletableFuture<Void> clearLogs(ProcessName name) {
    commands.add("clearLogs " + name);
    CompletableFuture<Void> f = failure();
    return f != null ? f : CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<List<ProcessResult>> clearAllLogs() {
    commands.add("clearAllLogs");
    List<ProcessResult> out = new ArrayList<>();
    infos.keySet().forEach(n -> out.add(ProcessResult.ok(n)));
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public synchronized void publishRemoteCommunication(String type, String data) {
    commands.add("remoteComm " + type + " " + data);
  }
}
