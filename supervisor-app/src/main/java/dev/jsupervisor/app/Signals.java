package dev.jsupervisor.app;

import dev.jsupervisor.core.LogLevel;
import sun.misc.Signal;

/**
 * supervisord's signal handling: TERM and INT shut down, HUP reloads, USR2 reopens the logs.
 * Handlers run on the JVM's signal thread and only queue a request for the main thread. SIGQUIT
 * stays the JVM's (a thread dump on stdout): the JVM does not let it be taken over.
 */
final class Signals {
  /** Receives the requests. */
  interface Sink {
    void shutdown();

    void reload();

    void reopenLogs();
  }

  private Signals() {}

  static void install(Sink sink, MainLog log) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> {
        log.log(LogLevel.WARN, "received SIG" + name + " indicating exit request");
        sink.shutdown();
      });
    }
    Signal.handle(new Signal("HUP"), s -> {
      log.log(LogLevel.WARN, "received SIGHUP indicating restart request");
      sink.reload();
    });
    Signal.handle(new Signal("USR2"), s -> {
      log.log(LogLevel.INFO, "received SIGUSR2 indicating log reopen request");
      sink.reopenLogs();
    });
  }
}
