package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ProcessLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * The engine: supervises groups of processes as supervisord does. Built in code with
 * {@link #builder()}; no config file needed.
 *
 * <p>Threading: one loop thread ({@code supervisor-loop}) owns all mutable state. Every public method
 * may be called from any thread; commands are posted to the loop and return a future that completes
 * on the loop thread (callers that want to wait do so on their own thread). Expected failures
 * complete the future exceptionally with a {@link ControlException}.
 */
public final class Supervisor {

  /** A builder with defaults: real clocks, the POSIX launcher, no groups, identifier {@code supervisor}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the loop and the autostart processes, in priority and {@code depends_on} order.
   *
   * @throws IllegalStateException if already started
   */
  public void startAsync() {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Shuts down: stops every process in reverse start order (escalating to SIGKILL after
   * stopwaitsecs), then ends the loop. The future completes when everything has stopped.
   */
  public CompletableFuture<Void> stopAsync() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Waits for {@link #stopAsync()} to finish. */
  public void awaitTerminated(Duration timeout) throws TimeoutException, InterruptedException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The latest snapshot; never blocks. */
  public SupervisorSnapshot snapshot() {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Starts one process. With {@code wait}, the future completes once it is RUNNING (after
   * startsecs), or fails with SPAWN_ERROR / ABNORMAL_TERMINATION; without, once it was spawned.
   * Immediate failures: BAD_NAME, ALREADY_STARTED, NO_FILE, NOT_EXECUTABLE, FAILED, SHUTDOWN_STATE.
   */
  public CompletableFuture<ProcessInfo> start(ProcessName name, boolean wait) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Stops one process (BAD_NAME, NOT_RUNNING). With {@code wait}, completes when it is stopped;
   * without, once the stop signal was sent.
   */
  public CompletableFuture<ProcessInfo> stop(ProcessName name, boolean wait) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Starts the members of a group that are not running, in order; one result per member started. */
  public CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Starts every process that is not running, in start order. */
  public CompletableFuture<List<ProcessResult>> startAll(boolean wait) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Stops the running members of a group; one result per member stopped. */
  public CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Stops every running process, in stop order. */
  public CompletableFuture<List<ProcessResult>> stopAll(boolean wait) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Sends a signal to one process (BAD_NAME, NOT_RUNNING, FAILED); its state does not change. */
  public CompletableFuture<Void> signal(ProcessName name, Signal signal) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Signals the signallable members of a group. */
  public CompletableFuture<List<ProcessResult>> signalGroup(String group, Signal signal) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Signals every signallable process. */
  public CompletableFuture<List<ProcessResult>> signalAll(Signal signal) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Writes to a process's stdin (BAD_NAME, NOT_RUNNING, NO_FILE when stdin is closed). */
  public CompletableFuture<Void> sendStdin(ProcessName name, byte[] data) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Activates a group; its autostart members start (ALREADY_ADDED if a group of that name is active). */
  public CompletableFuture<Void> addGroup(GroupSpec group) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Removes a group whose members are all stopped (BAD_NAME, STILL_RUNNING). */
  public CompletableFuture<Void> removeGroup(String group) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * supervisord's reload: state RESTARTING, every process stopped as on shutdown, all groups
   * replaced by {@code groups}, state RUNNING, autostart processes started.
   */
  public CompletableFuture<Void> reload(List<GroupSpec> groups) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The log file of one channel of a process, if it has one (BAD_NAME for unknown names). */
  public Optional<Path> logFile(ProcessName name, Channel channel) throws ControlException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Deletes and reopens both log files of a process (backups untouched). */
  public CompletableFuture<Void> clearLogs(ProcessName name) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Clears the logs of every process; one result per process. */
  public CompletableFuture<List<ProcessResult>> clearAllLogs() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Reopens every log file (after an external logrotate; SIGUSR2). */
  public void reopenLogs() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Registers a listener; events are delivered on {@code executor}, in order. */
  public void addListener(SupervisorListener listener, Executor executor) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Configures a {@link Supervisor}. Not thread-safe; build once. */
  public static final class Builder {
    private Builder() {}

    /** The clocks (default: {@link SystemTimeSource}). */
    public Builder timeSource(TimeSource timeSource) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** The launcher (default: the POSIX launcher). */
    public Builder launcher(ProcessLauncher launcher) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** Adds a group that is active from the start. */
    public Builder group(GroupSpec group) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** {@code [supervisord] identifier}, used in AUTO log names (default {@code supervisor}). */
    public Builder identifier(String identifier) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** Directory for AUTO log files (default: {@code java.io.tmpdir}). */
    public Builder childLogDir(Path dir) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** {@code [supervisord] environment}: added to every child after the SUPERVISOR_* variables. */
    public Builder environment(Map<String, String> environment) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** The {@code SUPERVISOR_SERVER_URL} given to children (none by default). */
    public Builder serverUrl(String url) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** Where activity messages go (default: nowhere). */
    public Builder activityLog(ActivityLog log) {
      throw new UnsupportedOperationException("not built yet");
    }

    /** Builds the supervisor; throws IllegalArgumentException on a depends_on cycle or unknown name. */
    public Supervisor build() {
      throw new UnsupportedOperationException("not built yet");
    }
  }
}
