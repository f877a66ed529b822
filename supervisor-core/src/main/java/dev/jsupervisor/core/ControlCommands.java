package dev.jsupervisor.core;

import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.spi.ChildProcess;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The control commands of supervisord's RPC interface (§1.7/§1.8 of the spec), run on the loop
 * thread. Expected failures are thrown (or complete the future) as {@link ControlException}s.
 */
final class ControlCommands {
  private final SupervisorCore core;

  ControlCommands(SupervisorCore core) {
    this.core = core;
  }

  SupervisedProcess lookup(ProcessName name) throws ControlException {
    SupervisedProcess p = core.find(name);
    if (p == null) {
      throw new ControlException(Reason.BAD_NAME, name.namespec());
    }
    return p;
  }

  ProcessGroup lookupGroup(String group) throws ControlException {
    ProcessGroup g = core.group(group);
    if (g == null) {
      throw new ControlException(Reason.BAD_NAME, group);
    }
    return g;
  }

  // ---------------------------------------------------------------- start

  CompletableFuture<ProcessInfo> start(ProcessName name, boolean wait) throws ControlException {
    core.checkRunning();
    return startOne(lookup(name), wait);
  }

  /**
   * supervisordʼs startProcess: check the command, refuse running/unknown processes, spawn; with
   * {@code wait}, complete at RUNNING, SPAWN_ERROR after a BACKOFF, ABNORMAL_TERMINATION otherwise.
   */
  CompletableFuture<ProcessInfo> startOne(SupervisedProcess p, boolean wait) throws ControlException {
    String namespec = p.name().namespec();
    try {
      p.resolveCommand();
    } catch (CommandLine.BadCommandException e) {
      throw e.toControlException();
    }
    ProcessState state = p.state();
    if (state.isRunning()) {
      throw new ControlException(Reason.ALREADY_STARTED, namespec);
    }
    if (state == ProcessState.UNKNOWN) {
      throw new ControlException(Reason.FAILED, namespec + " is in an unknown process state");
    }
    if (state == ProcessState.STOPPING) {
      throw new ControlException(Reason.FAILED, namespec + " is stopping");
    }
    p.cancelPendingRestart();
    p.spawn();
    if (p.state() == ProcessState.BACKOFF || p.state() == ProcessState.FATAL) {
      throw new ControlException(Reason.SPAWN_ERROR, namespec);
    }
    if (!wait || p.state() == ProcessState.RUNNING) {
      return CompletableFuture.completedFuture(p.info(core.nowEpoch()));
    }
    CompletableFuture<ProcessInfo> f = new CompletableFuture<>();
    p.addWatcher((proc, from, to) -> {
      if (to == ProcessState.RUNNING) {
        f.complete(proc.info(core.nowEpoch()));
      } else if (to == ProcessState.BACKOFF) {
        f.completeExceptionally(new ControlException(Reason.SPAWN_ERROR, namespec));
      } else if (to != ProcessState.STARTING) {
        f.completeExceptionally(new ControlException(Reason.ABNORMAL_TERMINATION, namespec));
      } else {
        return false;
      }
      return true;
    });
    return f;
  }

  CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait) throws ControlException {
    core.checkRunning();
    return startMany(new HashSet<>(lookupGroup(group).members()), wait);
  }

  CompletableFuture<List<ProcessResult>> startAll(boolean wait) throws ControlException {
    core.checkRunning();
    return startMany(new HashSet<>(core.processes()), wait);
  }

  /** The members not running at call time, in start order, each held back by its dependencies. */
  private CompletableFuture<List<ProcessResult>> startMany(Set<SupervisedProcess> candidates, boolean wait) {
    List<SupervisedProcess> order = new ArrayList<>();
    for (SupervisedProcess p : core.startOrder()) {
      if (candidates.contains(p) && !p.state().isRunning() && !core.isWaitingToStart(p)) {
        order.add(p);
      }
    }
    if (order.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return core.runPlan(order, p -> {
      try {
        return startOne(p, wait);
      } catch (ControlException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  // ---------------------------------------------------------------- stop

  CompletableFuture<ProcessInfo> stop(ProcessName name, boolean wait) throws ControlException {
    core.checkRunning();
    return stopOne(lookup(name), wait);
  }

  /**
   * supervisord's stopProcess. Also takes effect on a process whose start is held back by a plan or
   * whose autorestart is pending: that start is cancelled and the stop succeeds.
   */
  CompletableFuture<ProcessInfo> stopOne(SupervisedProcess p, boolean wait) throws ControlException {
    String namespec = p.name().namespec();
    if (core.isWaitingToStart(p)) {
      core.cancelWaitingStart(p, new ControlException(Reason.FAILED, namespec + ": start cancelled by a stop request"));
      return CompletableFuture.completedFuture(p.info(core.nowEpoch()));
    }
    if (!p.state().isRunning()) {
      if (p.cancelPendingRestart()) {
        return CompletableFuture.completedFuture(p.info(core.nowEpoch()));
      }
      throw new ControlException(Reason.NOT_RUNNING, namespec);
    }
    String error = p.stop();
    if (error != null) {
      throw new ControlException(Reason.FAILED, error);
    }
    if (!wait || p.state().isStopped()) {
      return CompletableFuture.completedFuture(p.info(core.nowEpoch()));
    }
    CompletableFuture<ProcessInfo> f = new CompletableFuture<>();
    p.addWatcher((proc, from, to) -> {
      if (!to.isStopped()) {
        return false;
      }
      // Completed once the exit is fully handled, so the info shows pid 0 and the exit status.
      core.loop().execute(() -> f.complete(proc.info(core.nowEpoch())));
      return true;
    });
    return f;
  }

  CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait) throws ControlException {
    core.checkRunning();
    return stopMany(new HashSet<>(lookupGroup(group).members()), wait);
  }

  CompletableFuture<List<ProcessResult>> stopAll(boolean wait) throws ControlException {
    core.checkRunning();
    return stopMany(new HashSet<>(core.processes()), wait);
  }

  /**
   * The members running at call time, all signalled now, in start order as supervisord's
   * stopAllProcesses does (shutdown and reload use the staged reverse order of StopSequence).
   */
  private CompletableFuture<List<ProcessResult>> stopMany(Set<SupervisedProcess> candidates, boolean wait) {
    List<CompletableFuture<ProcessResult>> results = new ArrayList<>();
    for (SupervisedProcess p : core.startOrder()) {
      if (!candidates.contains(p) || !p.state().isRunning()) {
        continue;
      }
      CompletableFuture<ProcessInfo> f;
      try {
        f = stopOne(p, wait);
      } catch (ControlException e) {
        f = CompletableFuture.failedFuture(e);
      }
      results.add(f.handle((info, error) -> error == null ? ProcessResult.ok(p.name())
          : ProcessResult.failed(p.name(), asControlException(error))));
    }
    return collect(results);
  }

  // ---------------------------------------------------------------- signals and stdin

  void signal(ProcessName name, Signal signal) throws ControlException {
    core.checkRunning();
    signalOne(lookup(name), signal);
  }

  private void signalOne(SupervisedProcess p, Signal signal) throws ControlException {
    if (!p.state().isSignallable() || p.child().isEmpty()) {
      throw new ControlException(Reason.NOT_RUNNING, p.name().namespec());
    }
    String error = p.signal(signal);
    if (error != null) {
      throw new ControlException(Reason.FAILED, error);
    }
  }

  List<ProcessResult> signalGroup(String group, Signal signal) throws ControlException {
    core.checkRunning();
    return signalMany(new ArrayList<>(lookupGroup(group).members()), signal);
  }

  List<ProcessResult> signalAll(Signal signal) throws ControlException {
    core.checkRunning();
    return signalMany(core.processes(), signal);
  }

  private List<ProcessResult> signalMany(List<SupervisedProcess> members, Signal signal) {
    List<ProcessResult> out = new ArrayList<>();
    for (SupervisedProcess p : members) {
      if (!p.state().isSignallable()) {
        continue;
      }
      try {
        signalOne(p, signal);
        out.add(ProcessResult.ok(p.name()));
      } catch (ControlException e) {
        out.add(ProcessResult.failed(p.name(), e));
      }
    }
    return out;
  }

  /** The child to write to: NOT_RUNNING if there is none or it is being stopped. */
  ChildProcess stdinTarget(ProcessName name) throws ControlException {
    core.checkRunning();
    SupervisedProcess p = lookup(name);
    if (p.pid() == 0 || p.isKilling() || p.child().isEmpty()) {
      throw new ControlException(Reason.NOT_RUNNING, name.namespec());
    }
    return p.child().get();
  }

  // ---------------------------------------------------------------- helpers

  static ControlException asControlException(Throwable error) {
    Throwable t = error;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ControlException ce ? ce : new ControlException(Reason.FAILED, String.valueOf(t.getMessage()));
  }

  /**
   * All results, in the order they completed (those completing together in the order given), as
   * supervisord's deferred group calls report them. Completions happen on the loop thread.
   */
  static CompletableFuture<List<ProcessResult>> collect(List<CompletableFuture<ProcessResult>> results) {
    List<ProcessResult> out = new ArrayList<>(results.size());
    for (CompletableFuture<ProcessResult> r : results) {
      r.thenAccept(out::add);
    }
    return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(v -> out);
  }
}
