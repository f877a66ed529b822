package dev.jsupervisor.core;

import dev.jsupervisor.core.log.ProcessLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * clearProcessLogs, clearAllProcessLogs and log reopening. The loop thread picks the
 * {@link ProcessLog}s (only those opened at a spawn); the file work runs on the auxiliary thread.
 */
final class LogCommands {
  private final SupervisorCore core;
  private final ControlCommands commands;
  private final AuxiliaryExecutor io;

  LogCommands(SupervisorCore core, ControlCommands commands, AuxiliaryExecutor io) {
    this.core = core;
    this.commands = commands;
    this.io = io;
  }

  /** BAD_NAME, SHUTDOWN_STATE; the future fails with FAILED on an I/O error. Loop thread. */
  CompletableFuture<Void> clear(ProcessName name) throws ControlException {
    core.checkRunning();
    List<ProcessLog> logs = commands.lookup(name).openLogs();
    return io.run(() -> clear(logs));
  }

  /** One result per process, in name order. Loop thread. */
  CompletableFuture<List<ProcessResult>> clearAll() throws ControlException {
    core.checkRunning();
    List<CompletableFuture<ProcessResult>> results = new ArrayList<>();
    for (SupervisedProcess p : core.processes()) {
      List<ProcessLog> logs = p.openLogs();
      results.add(io.run(() -> clear(logs)).handle((v, e) -> e == null ? ProcessResult.ok(p.name())
          : ProcessResult.failed(p.name(), ControlCommands.asControlException(e))));
    }
    return ControlCommands.collect(results);
  }

  private static void clear(List<ProcessLog> logs) {
    for (ProcessLog log : logs) {
      try {
        log.clear();
      } catch (IOException e) {
        throw new CompletionException(new ControlException(ControlException.Reason.FAILED, String.valueOf(e.getMessage())));
      }
    }
  }

  /** Reopens every open log; errors are reported to the activity log, on the loop. Loop thread. */
  void reopenAll() {
    List<ProcessLog> logs = new ArrayList<>();
    for (SupervisedProcess p : core.processes()) {
      logs.addAll(p.openLogs());
    }
    if (logs.isEmpty()) {
      return;
    }
    io.run(() -> {
      for (ProcessLog log : logs) {
        try {
          log.reopen();
        } catch (IOException e) {
          report("could not reopen a log file: " + e.getMessage());
        }
      }
    });
  }

  private void report(String message) {
    try {
      core.loop().execute(() -> core.activityLog().log(LogLevel.ERRO, message));
    } catch (RejectedExecutionException e) {
      // Terminated meanwhile: nobody reads the activity log any more.
    }
  }
}
