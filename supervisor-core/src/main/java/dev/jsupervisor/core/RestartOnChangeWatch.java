package dev.jsupervisor.core;

import dev.jsupervisor.core.SupervisorEvent.ChangeDetected;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * The seed's restart on change for one process ({@link RestartOnChange}): while the process is
 * alive (from each STARTING on, until it stops, exits or is disposed) its binary
 * ({@link ExecutablePaths}, re-resolved at every start, so a symlink swap is followed) and/or its
 * monitored tree are watched through the supervisor's {@link FileWatching}. Changes are debounced
 * on the loop's clock: the action runs once, {@link #QUIET} after the last change of a burst. Then,
 * if the process is RUNNING, the action in the seed's order: the command
 * ({@link CommandRunner}), else the signals, else stop and start. Each action goes to the main log
 * and out as a {@link ChangeDetected} event. Watches are released when the process stops and when
 * it is disposed (group removed on update, shutdown).
 *
 * <p>Loop thread; a watch that cannot be set up or a watched directory that goes away is logged
 * and otherwise ignored.
 */
final class RestartOnChangeWatch implements SupervisedProcess.Watcher {
  /** How long changes must have stopped before the action runs. */
  static final Duration QUIET = Duration.ofMillis(500);
  /** A restart command still running after this is killed. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** What the watches of all processes share. */
  record Context(SupervisorLoop loop, FileWatching watching, ActivityLog log, CommandRunner runner,
      ProcessCommands commands, Mood mood, ProcessObserver observer) {}

  private final Context ctx;
  private final SupervisedProcess process;
  private final List<Trigger> triggers = new ArrayList<>();
  private boolean disposed;

  private RestartOnChangeWatch(Context ctx, SupervisedProcess process) {
    this.ctx = ctx;
    this.process = process;
    RestartOnChange r = process.spec().restartOnChange();
    if (r.whenBinaryChanged()) {
      triggers.add(new Trigger(ChangeDetected.Trigger.BINARY, r.signalWhenBinaryChanged(), r.commandWhenBinaryChanged()));
    }
    if (r.directoryMonitor().isPresent()) {
      triggers.add(new Trigger(ChangeDetected.Trigger.FILES, r.signalWhenFileChanged(), r.commandWhenFileChanged()));
    }
  }

  /** Attaches a watch to {@code p} if its spec asks for one. */
  static void attach(Context ctx, SupervisedProcess p) {
    if (p.spec().restartOnChange().isEnabled()) {
      p.addWatcher(new RestartOnChangeWatch(ctx, p));
    }
  }

  @Override
  public boolean onTransition(SupervisedProcess p, ProcessState from, ProcessState to) {
    if (to == ProcessState.STARTING) {
      triggers.forEach(Trigger::disarm);
      triggers.forEach(Trigger::arm);
    } else if (to.isStopped() || to == ProcessState.BACKOFF) {
      triggers.forEach(Trigger::disarm);
    }
    return false;
  }

  @Override
  public void onDisposed(ControlException why) {
    disposed = true;
    triggers.forEach(Trigger::disarm);
  }

  private String who() {
    return "'" + process.name().namespec() + "'";
  }

  /** One trigger (binary or files) with its watches, its debounce timer and its action. */
  private final class Trigger {
    private final ChangeDetected.Trigger kind;
    private final List<Signal> signals;
    private final List<String> command;
    private final List<FileWatching.Subscription> subscriptions = new ArrayList<>();
    private final Set<Path> seen = new LinkedHashSet<>();
    private int more;
    private long generation;
    private boolean armed;
    private SupervisorLoop.Timer debounce;

    Trigger(ChangeDetected.Trigger kind, List<Signal> signals, List<String> command) {
      this.kind = kind;
      this.signals = signals;
      this.command = command;
    }

    private String what() {
      return kind == ChangeDetected.Trigger.BINARY ? "binary" : "monitored files";
    }

    void arm() {
      armed = true;
      long gen = ++generation;
      if (kind == ChangeDetected.Trigger.BINARY) {
        armBinary(gen);
      } else {
        RestartOnChange r = process.spec().restartOnChange();
        Path dir = r.directoryMonitor().orElseThrow();
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + r.filePattern());
        subscribe(dir, true, path -> path.getFileName() != null && glob.matches(path.getFileName()), gen);
      }
    }

    private void armBinary(long gen) {
      LaunchPlan plan;
      try {
        plan = process.launchPlan();
      } catch (CommandLine.BadCommandException e) {
        return; // the spawn fails with this too; there is no binary to watch
      }
      Map<Path, Set<Path>> byDir = new LinkedHashMap<>();
      for (Path entry : ExecutablePaths.of(plan.argv(), process.spec().directory())) {
        if (entry.getParent() != null) {
          byDir.computeIfAbsent(entry.getParent(), d -> new LinkedHashSet<>()).add(entry);
        }
      }
      byDir.forEach((dir, entries) -> subscribe(dir, false, entries::contains, gen));
    }

    private void subscribe(Path dir, boolean recursive, Predicate<Path> relevant, long gen) {
      try {
        subscriptions.add(ctx.watching().watch(dir, recursive, relevant, new FileWatching.Sink() {
          @Override
          public void changed(List<Path> paths) {
            post(() -> onChanged(gen, paths));
          }

          @Override
          public void lost(Path gone) {
            post(() -> onLost(gen, gone));
          }
        }));
      } catch (IOException e) {
        ctx.log().log(LogLevel.WARN, "restart on change: " + who() + " cannot watch " + dir + " for its "
            + what() + ": " + e.getMessage());
      }
    }

    private void post(Runnable r) {
      try {
        ctx.loop().execute(r);
      } catch (RejectedExecutionException e) {
        // the supervisor has terminated
      }
    }

    void disarm() {
      armed = false;
      generation++;
      subscriptions.forEach(FileWatching.Subscription::cancel);
      subscriptions.clear();
      if (debounce != null) {
        debounce.cancel();
        debounce = null;
      }
      seen.clear();
      more = 0;
    }

    private void onChanged(long gen, List<Path> paths) {
      if (!armed || gen != generation) {
        return; // news from a watch already released
      }
      for (Path p : paths) {
        if (!seen.contains(p)) {
          if (seen.size() < ChangeDetected.MAX_PATHS) {
            seen.add(p);
          } else {
            more++;
          }
        }
      }
      if (debounce != null) {
        debounce.cancel();
      }
      debounce = ctx.loop().schedule(QUIET, this::fire);
    }

    private void onLost(long gen, Path dir) {
      if (armed && gen == generation) {
        ctx.log().log(LogLevel.WARN, "restart on change: " + dir + " (watched for " + who() + ") is gone;"
            + " it is watched again when " + who() + " next starts");
      }
    }

    private void fire() {
      debounce = null;
      List<Path> changed = List.copyOf(seen);
      String paths = describe(changed, more);
      seen.clear();
      more = 0;
      if (disposed || process.state() != ProcessState.RUNNING) {
        ctx.log().log(LogLevel.DEBG, "restart on change: " + who() + " " + what() + " changed (" + paths
            + ") while " + process.state() + ": nothing done");
        return;
      }
      ChangeDetected.Action action;
      if (!command.isEmpty()) {
        action = ChangeDetected.Action.COMMAND;
        ctx.log().log(LogLevel.INFO, "restart on change: " + who() + " " + what() + " changed (" + paths
            + "): running its restart command");
        ctx.runner().run(process, who() + " restart command", command, COMMAND_TIMEOUT);
      } else if (!signals.isEmpty()) {
        action = ChangeDetected.Action.SIGNAL;
        ctx.log().log(LogLevel.INFO, "restart on change: " + who() + " " + what() + " changed (" + paths
            + "): sending " + String.join(" ", signals.stream().map(Signal::signalName).toList()));
        for (Signal s : signals) {
          try {
            ctx.commands().signalOne(process, s);
          } catch (ControlException e) {
            ctx.log().log(LogLevel.WARN, "restart on change: " + who() + " could not be sent "
                + s.signalName() + ": " + e.getMessage());
            break;
          }
        }
      } else {
        action = ChangeDetected.Action.RESTART;
        ctx.log().log(LogLevel.INFO, "restart on change: " + who() + " " + what() + " changed (" + paths
            + "): restarting it");
        restart();
      }
      ctx.observer().emitted(process, new ChangeDetected(process.name(), kind, changed, action));
    }
  }

  /** Stop (waiting for it), then start, unless the supervisor is shutting down or the group went away. */
  private void restart() {
    try {
      ctx.commands().stopOne(process, true).whenComplete((info, failure) -> {
        if (failure != null || disposed || !ctx.mood().mayRestart() || !process.state().isStopped()) {
          return;
        }
        try {
          ctx.commands().startOne(process, false);
        } catch (ControlException e) {
          ctx.log().log(LogLevel.WARN, "restart on change: " + who() + " could not be started again: "
              + e.getMessage());
        }
      });
    } catch (ControlException e) {
      ctx.log().log(LogLevel.WARN, "restart on change: " + who() + " could not be stopped: " + e.getMessage());
    }
  }

  private static String describe(List<Path> changed, int more) {
    String s = String.join(", ", changed.stream().map(Path::toString).toList());
    return more > 0 ? s + " and " + more + " more changes" : s;
  }
}
