package dev.jsupervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * The Go port's {@code cron} for one process: a loop timer to each tick of its
 * {@link CronSchedule} (wall time of the injected {@link TimeSource}); at a tick the process is
 * started (as a start request without wait) if it is not running, starting or stopping and the
 * supervisor is RUNNING; otherwise the tick is logged at debug level and skipped. Armed when the
 * process's group becomes active, disarmed when it is disposed. Loop thread; a failed start is
 * logged and the next tick still comes.
 */
final class CronStarter implements SupervisedProcess.Watcher {
  private final SupervisorLoop loop;
  private final ActivityLog log;
  private final ProcessCommands commands;
  private final Mood mood;
  private final SupervisedProcess process;
  private final CronSchedule schedule;
  private final ZoneId zone;
  private SupervisorLoop.Timer timer;
  private Instant lastTick = Instant.MIN;
  private boolean disposed;

  private CronStarter(SupervisorLoop loop, ActivityLog log, ProcessCommands commands, Mood mood,
      SupervisedProcess process, CronSchedule schedule, ZoneId zone) {
    this.loop = loop;
    this.log = log;
    this.commands = commands;
    this.mood = mood;
    this.process = process;
    this.schedule = schedule;
    this.zone = zone;
  }

  /** If {@code p} has a schedule: a starter, armed by a task posted to the loop (any thread before the loop runs). */
  static void attach(SupervisorLoop loop, ActivityLog log, ProcessCommands commands, Mood mood, SupervisedProcess p) {
    p.spec().extras().cron().ifPresent(s -> {
      CronStarter c = new CronStarter(loop, log, commands, mood, p, s, ZoneId.systemDefault());
      p.addWatcher(c);
      try {
        loop.execute(c::arm);
      } catch (RejectedExecutionException e) {
        // the supervisor has terminated
      }
    });
  }

  private void arm() {
    if (disposed) {
      return;
    }
    Instant now = loop.time().now();
    Instant from = now.isAfter(lastTick) ? now : lastTick;
    Optional<Instant> next = schedule.next(from, zone);
    if (next.isEmpty()) {
      log.log(LogLevel.WARN, "cron: '" + process.name().namespec() + "' schedule " + schedule + " has no next tick");
      return;
    }
    lastTick = next.get();
    timer = loop.schedule(Duration.between(now, next.get()), this::tick);
  }

  private void tick() {
    timer = null;
    String who = "'" + process.name().namespec() + "'";
    ProcessState s = process.state();
    if (!mood.mayRestart()) {
      return; // shutting down: no more ticks
    }
    if (s.isRunning() || s == ProcessState.STOPPING) {
      log.log(LogLevel.DEBG, "cron: " + who + " is " + s + " at its tick (" + schedule + "): not started");
    } else {
      log.log(LogLevel.INFO, "cron: starting " + who + " (" + schedule + ")");
      try {
        commands.startOne(process, false);
      } catch (ControlException e) {
        log.log(LogLevel.WARN, "cron: " + who + " could not be started: " + e.getMessage());
      }
    }
    arm();
  }

  @Override
  public boolean onTransition(SupervisedProcess p, ProcessState from, ProcessState to) {
    return false;
  }

  @Override
  public void onDisposed(ControlException why) {
    disposed = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
