package dev.jsupervisor.core;

import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.spi.ChildProcess;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The commands that act on one process (supervisord's startProcess, stopProcess, signalProcess,
 * sendProcessStdin), with supervisord's checks in supervisord's order, plus waiting for a state.
 * Loop thread; expected failures are thrown, or complete the future, as {@link ControlException}s.
 */
final class ProcessCommands {
  /** {@link ProcessState#isStopped()}: where a stop request with {@code wait} is over. */
  private static final Set<ProcessState> STOPPED_STATES =
      EnumSet.copyOf(Arrays.stream(ProcessState.values()).filter(ProcessState::isStopped).toList());

  private final ProcessTable table;
  private final Mood mood;
  private final StartStopCoordinator coordinator;
  private final SupervisorLoop loop;

  ProcessCommands(ProcessTable table, Mood mood, StartStopCoordinator coordinator, SupervisorLoop loop) {
    this.table = table;
    this.mood = mood;
    this.coordinator = coordinator;
    this.loop = loop;
  }

  // ---------------------------------------------------------------- start

  CompletableFuture<ProcessInfo> start(ProcessName name, boolean wait) throws ControlException {
    mood.checkRunning();
    return startOne(table.lookup(name), wait);
  }

  /**
   * supervisord's startProcess: check the command, refuse running/unknown processes, spawn; with
   * {@code wait}, complete at RUNNING, SPAWN_ERROR after a BACKOFF, ABNORMAL_TERMINATION otherwise.
   */
  CompletableFuture<ProcessInfo> startOne(SupervisedProcess p, boolean wait) throws ControlException {
    String namespec = p.name().namespec();
    LaunchPlan plan;
    try {
      plan = p.launchPlan();
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
    p.spawnRequested(plan);
    if (p.state() == ProcessState.BACKOFF || p.state() == ProcessState.FATAL) {
      throw new ControlException(Reason.SPAWN_ERROR, namespec);
    }
    if (!wait || p.state() == ProcessState.RUNNING) {
      return CompletableFuture.completedFuture(p.info(coordinator.nowEpoch()));
    }
    CompletableFuture<ProcessInfo> f = new CompletableFuture<>();
    p.addWatcher((proc, from, to) -> {
      if (to == ProcessState.RUNNING) {
        f.complete(proc.info(coordinator.nowEpoch()));
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

  // ---------------------------------------------------------------- stop

  CompletableFuture<ProcessInfo> stop(ProcessName name, boolean wait) throws ControlException {
    mood.checkRunning();
    return stopOne(table.lookup(name), wait);
  }

  /**
   * supervisord's stopProcess. Also takes effect on a process whose start is held back by a plan or
   * whose autorestart is pending: that start is cancelled and the stop succeeds.
   */
  CompletableFuture<ProcessInfo> stopOne(SupervisedProcess p, boolean wait) throws ControlException {
    String namespec = p.name().namespec();
    if (coordinator.isWaitingToStart(p)) {
      coordinator.cancelWaitingStart(p, new ControlException(Reason.FAILED, namespec + ": start cancelled by a stop request"));
      return CompletableFuture.completedFuture(p.info(coordinator.nowEpoch()));
    }
    if (!p.state().isRunning()) {
      if (p.cancelPendingRestart()) {
        return CompletableFuture.completedFuture(p.info(coordinator.nowEpoch()));
      }
      throw new ControlException(Reason.NOT_RUNNING, namespec);
    }
    p.stop();
    if (!wait || p.state().isStopped()) {
      return CompletableFuture.completedFuture(p.info(coordinator.nowEpoch()));
    }
    p.reportStopping();
    return whenIn(p, STOPPED_STATES);
  }

  // ---------------------------------------------------------------- signals and stdin

  void signal(ProcessName name, Signal signal) throws ControlException {
    mood.checkRunning();
    signalOne(table.lookup(name), signal);
  }

  /** NOT_RUNNING unless it has a live child in a signallable state; FAILED if sending failed. */
  void signalOne(SupervisedProcess p, Signal signal) throws ControlException {
    if (!p.state().isSignallable() || p.child().isEmpty()) {
      throw new ControlException(Reason.NOT_RUNNING, p.name().namespec());
    }
    p.signal(signal);
  }

  /** The child to write to: NOT_RUNNING if there is none or it is being stopped. */
  ChildProcess stdinTarget(ProcessName name) throws ControlException {
    mood.checkRunning();
    SupervisedProcess p = table.lookup(name);
    if (p.pid() == 0 || p.isKilling() || p.child().isEmpty()) {
      throw new ControlException(Reason.NOT_RUNNING, name.namespec());
    }
    return p.child().get();
  }

  // ---------------------------------------------------------------- waiting

  /** Completes once the process is in one of {@code states} (at once if it is); BAD_NAME. Any mood. */
  CompletableFuture<ProcessInfo> awaitState(ProcessName name, Set<ProcessState> states) throws ControlException {
    SupervisedProcess p = table.lookup(name);
    if (states.contains(p.state())) {
      return CompletableFuture.completedFuture(p.info(coordinator.nowEpoch()));
    }
    return whenIn(p, states);
  }

  /**
   * Completes with the process's info once it enters one of {@code states}, after the transition is
   * fully handled (so a stopped process shows pid 0 and its exit status). Fails with BAD_NAME or
   * SHUTDOWN_STATE if the process goes away first. A future completed by someone else (a caller's
   * timeout) is dropped at the next transition.
   */
  private CompletableFuture<ProcessInfo> whenIn(SupervisedProcess p, Set<ProcessState> states) {
    CompletableFuture<ProcessInfo> f = new CompletableFuture<>();
    p.addWatcher(new SupervisedProcess.Watcher() {
      @Override
      public boolean onTransition(SupervisedProcess proc, ProcessState from, ProcessState to) {
        if (f.isDone()) {
          return true;
        }
        if (!states.contains(to)) {
          return false;
        }
        loop.execute(() -> f.complete(proc.info(coordinator.nowEpoch())));
        return true;
      }

      @Override
      public void onDisposed(ControlException why) {
        f.completeExceptionally(why);
      }
    });
    return f;
  }
}
