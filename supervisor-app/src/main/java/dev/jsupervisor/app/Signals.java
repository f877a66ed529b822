package dev.jsupervisor.app;

import dev.jsupervisor.core.LogLevel;
import sun.misc.Signal;

/**
 * supervisord's signal handling: TERM, INT and QUIT shut down, HUP reloads, USR2 reopens the logs.
 * Handlers only queue a request for the main thread. When {@link SignalTakeover} re-executed the JVM,
 * HUP, INT, QUIT and TERM come from {@link SignalFdReader}'s thread; otherwise (the JVM kept its
 * signals) HUP, INT and TERM come from the JVM's signal thread and SIGQUIT stays the JVM's thread dump.
 * USR2 always comes from the JVM's signal thread.
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
    if (SignalTakeover.active()) {
      SignalFdReader.start(signal -> {
        switch (signal) {
          case SignalTakeover.SIGHUP -> restart(sink, log);
          case SignalTakeover.SIGINT -> exit(sink, log, "INT");
          case SignalTakeover.SIGQUIT -> exit(sink, log, "QUIT");
          case SignalTakeover.SIGTERM -> exit(sink, log, "TERM");
          default -> log.log(LogLevel.BLAT, "received signal " + signal + ", ignored");
        }
      });
    } else {
      for (String name : new String[] {"TERM", "INT"}) {
        Signal.handle(new Signal(name), s -> exit(sink, log, name));
      }
      Signal.handle(new Signal("HUP"), s -> restart(sink, log));
    }
    Signal.handle(new Signal("USR2"), s -> {
      log.log(LogLevel.INFO, "received SIGUSR2 indicating log reopen request");
      sink.reopenLogs();
    });
  }

  private static void exit(Sink sink, MainLog log, String name) {
    log.log(LogLevel.WARN, "received SIG" + name + " indicating exit request");
    sink.shutdown();
  }

  private static void restart(Sink sink, MainLog log) {
    log.log(LogLevel.WARN, "received SIGHUP indicating restart request");
    sink.reload();
  }
}
