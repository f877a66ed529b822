package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a short helper command for a program (a {@code restart_cmd_when_*_changed} command) through
 * the engine's launcher, so no thread waits for it: no shell, argv[0] found on the program's PATH,
 * the program's environment, directory, umask and user; stdout and stderr together. When it ends,
 * one main-log line gives its exit status and then each line of its output goes to the main log at
 * INFO, prefixed with what it was ({@code 'web' restart command output: ...}); beyond
 * {@link #MAX_LOGGED} bytes the rest is counted, not logged. A command still running after its
 * timeout is killed (SIGKILL to its process group) and reported as such.
 *
 * <p>Loop thread; the future completes on the loop thread with how the command ended (a
 * {@link ExitStatus.SpawnFailed} when it could not be started, which is also logged). Never throws.
 */
final class CommandRunner {
  static final int MAX_LOGGED = 4096;

  private final SupervisorLoop loop;
  private final ProcessServices services;

  CommandRunner(ProcessServices services) {
    this.loop = services.loop();
    this.services = services;
  }

  /** Output kept for the log: the first {@link #MAX_LOGGED} bytes; written on the I/O thread. */
  private static final class Collected implements OutputSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long dropped;

    @Override
    public synchronized void write(byte[] buf, int off, int len) {
      int keep = Math.max(0, Math.min(len, MAX_LOGGED - bytes.size()));
      bytes.write(buf, off, keep);
      dropped += len - keep;
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized long dropped() {
      return dropped;
    }
  }

  /**
   * Runs {@code command} on behalf of {@code p}; {@code what} names it in the log (e.g.
   * {@code "'web' restart command"}).
   */
  CompletableFuture<ExitStatus> run(SupervisedProcess p, String what, List<String> command, Duration timeout) {
    ActivityLog log = services.activityLog();
    ProcessSpec spec = p.spec();
    LaunchRequest request;
    try {
      LaunchPlan plan = p.launchPlan();
      List<String> argv = CommandLine.resolveArgv(command, plan.environment().get("PATH"));
      Collected out = new Collected();
      request = new LaunchRequest(p.name().namespec() + " " + what, argv, plan.environment(), spec.directory(),
          spec.umask(), spec.user(), true, out, OutputSink.DISCARD);
      CompletableFuture<ExitStatus> done = new CompletableFuture<>();
      SupervisorLoop.Timer[] timer = new SupervisorLoop.Timer[1];
      boolean[] timedOut = new boolean[1];
      ChildProcess child = services.launcher().launch(request, status -> post(() -> {
        if (timer[0] != null) {
          timer[0].cancel();
        }
        report(what, (timedOut[0] ? " timed out after " + timeout.toSeconds() + " s and was killed ("
            : " ended (") + status.describe() + ")", out, status, timedOut[0]);
        done.complete(status);
      }));
      log.log(LogLevel.INFO, what + " started: " + String.join(" ", command) + " (pid " + child.pid() + ")");
      timer[0] = loop.schedule(timeout, () -> {
        timedOut[0] = true;
        try {
          child.signal(Signal.KILL.number(), true);
        } catch (IOException e) {
          log.log(LogLevel.WARN, what + " (pid " + child.pid() + ") could not be killed: " + e.getMessage());
        }
      });
      return done;
    } catch (CommandLine.BadCommandException e) {
      return failed(what, e.getMessage());
    } catch (LaunchException e) {
      return failed(what, e.getMessage());
    } catch (RuntimeException e) {
      return failed(what, e.toString());
    }
  }

  private CompletableFuture<ExitStatus> failed(String what, String message) {
    services.activityLog().log(LogLevel.WARN, what + " could not be started: " + message);
    return CompletableFuture.completedFuture(new ExitStatus.SpawnFailed(message));
  }

  private void report(String what, String how, Collected out, ExitStatus status, boolean timedOut) {
    ActivityLog log = services.activityLog();
    boolean ok = !timedOut && status instanceof ExitStatus.Exited e && e.code() == 0;
    log.log(ok ? LogLevel.INFO : LogLevel.WARN, what + how);
    String prefix = what + " output: ";
    for (String l : out.text().split("\n")) {
      if (!l.isEmpty()) {
        log.log(LogLevel.INFO, prefix + l);
      }
    }
    if (out.dropped() > 0) {
      log.log(LogLevel.INFO, prefix + "(" + out.dropped() + " more bytes not logged)");
    }
  }

  private void post(Runnable r) {
    try {
      loop.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the supervisor has terminated: nobody is left to tell
    }
  }
}
