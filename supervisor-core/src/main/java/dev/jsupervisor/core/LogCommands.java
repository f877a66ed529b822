package dev.jsupervisor.core;

import dev.jsupervisor.core.log.ProcessLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The commands that act on the processes' log files: clearProcessLogs, clearAllProcessLogs and
 * reopening (SIGUSR2). The loop thread picks the {@link ProcessLog}s (only those opened at a
 * spawn); the file work runs on the auxiliary thread.
 */
final class LogCommands {
  private final ProcessTable table;
  private final Mood mood;
  private final SupervisorLoop loop;
  private final ActivityLog log;
  private final AuxiliaryExecutor io;

  LogCommands(ProcessTable table, Mood mood, SupervisorLoop loop, ActivityLog log, AuxiliaryExecutor io) {
    this.table = table;
    this.mood = mood;
    this.loop = loop;
    this.log = log;
    this.io = io;
  }

  /** BAD_NAME, SHUTDOWN_STATE; the future fails with FAILED on an I/O error. Loop thread. */
  CompletableFuture<Void> clear(ProcessName name) throws ControlException {
    mood.checkRunning();
    List<ProcessLog> logs = table.lookup(name).openLogs();
    return io.run(() -> clear(logs));
  }

  /** One result per process, in name order. Loop thread. */
  CompletableFuture<List<ProcessResult>> clearAll() throws ControlException {
    mood.checkRunning();
    List<CompletableFuture<ProcessResult>> results = new ArrayList<>();
    for (SupervisedProcess p : table.processes()) {
      List<ProcessLog> logs = p.openLogs();
      results.add(ProcessResults.resultOf(p.name(), io.run(() -> clear(logs))));
    }
    return ProcessResults.collect(results, loop.time());
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
    for (SupervisedProcess p : table.processes()) {
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
      loop.execute(() -> log.log(LogLevel.ERRO, message));
    } catch (RejectedExecutionException e) {
      // Terminated meanwhile: nobody reads the activity log any more.
    }
  }
}
