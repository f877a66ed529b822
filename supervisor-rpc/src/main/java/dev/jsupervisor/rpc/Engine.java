package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessResult;
import dev.jsupervisor.core.Signal;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The part of {@link Supervisor} the RPC layer uses, one method per engine call, so the namespaces
 * can be unit-tested against a scripted fake as well as run against the real engine
 * ({@link #of(Supervisor)}). Implementations are thread-safe; methods are called on HTTP threads.
 */
interface Engine {
  SupervisorSnapshot snapshot();

  CompletableFuture<ProcessInfo> start(ProcessName name, boolean wait);

  CompletableFuture<ProcessInfo> stop(ProcessName name, boolean wait);

  CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait);

  CompletableFuture<List<ProcessResult>> startAll(boolean wait);

  CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait);

  CompletableFuture<List<ProcessResult>> stopAll(boolean wait);

  CompletableFuture<Void> signal(ProcessName name, Signal signal);

  CompletableFuture<List<ProcessResult>> signalGroup(String group, Signal signal);

  CompletableFuture<List<ProcessResult>> signalAll(Signal signal);

  CompletableFuture<Void> sendStdin(ProcessName name, byte[] data);

  CompletableFuture<Void> addGroup(GroupSpec group);

  CompletableFuture<Void> removeGroup(String group);

  Optional<Path> logFile(ProcessName name, Channel channel) throws ControlException;

  CompletableFuture<Void> clearLogs(ProcessName name);

  CompletableFuture<List<ProcessResult>> clearAllLogs();

  void publishRemoteCommunication(String type, String data);

  /** The real engine; every call goes straight to {@code s}. */
  static Engine of(Supervisor s) {
    return new Engine() {
      @Override public SupervisorSnapshot snapshot() { return s.snapshot(); }
      @Override public void publishRemoteCommunication(String t, String d) { s.publishRemoteCommunication(t, d); }
      @Override public CompletableFuture<ProcessInfo> start(ProcessName n, boolean w) { return s.start(n, w); }
      @Override public CompletableFuture<ProcessInfo> stop(ProcessName n, boolean w) { return s.stop(n, w); }
      @Override public CompletableFuture<List<ProcessResult>> startGroup(String g, boolean w) { return s.startGroup(g, w); }
      @Override public CompletableFuture<List<ProcessResult>> startAll(boolean w) { return s.startAll(w); }
      @Override public CompletableFuture<List<ProcessResult>> stopGroup(String g, boolean w) { return s.stopGroup(g, w); }
      @Override public CompletableFuture<List<ProcessResult>> stopAll(boolean w) { return s.stopAll(w); }
      @Override public CompletableFuture<Void> signal(ProcessName n, Signal sig) { return s.signal(n, sig); }
      @Override public CompletableFuture<List<ProcessResult>> signalGroup(String g, Signal sig) { return s.signalGroup(g, sig); }
      @Override public CompletableFuture<List<ProcessResult>> signalAll(Signal sig) { return s.signalAll(sig); }
      @Override public CompletableFuture<Void> sendStdin(ProcessName n, byte[] d) { return s.sendStdin(n, d); }
      @Override public CompletableFuture<Void> addGroup(GroupSpec g) { return s.addGroup(g); }
      @Override public CompletableFuture<Void> removeGroup(String g) { return s.removeGroup(g); }
      @Override public Optional<Path> logFile(ProcessName n, Channel c) throws ControlException { return s.logFile(n, c); }
      @Override public CompletableFuture<Void> clearLogs(ProcessName n) { return s.clearLogs(n); }
      @Override public CompletableFuture<List<ProcessResult>> clearAllLogs() { return s.clearAllLogs(); }
    };
  }
}
