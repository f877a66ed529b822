package dev.jsupervisor.app;

import dev.jsupervisor.core.LogLevel;
import sun.misc.Signal;

/**
 * supervisord's signal handling: TERM, INT and QUIT shut down, HUP reloads, USR2 reopens the logs.
 * Handlers only queue a request for the main thread. When {@link SignalTakeover} re-executed the JVM,
 * HUP, INT, QUIT, TERM and CHLD are read by the main thread itself ({@link SignalFdReader}, passed to
 * {@link #handle}); otherwise (the JVM kept its signals) HUP, INT and TERM come from the JVM's signal
 * thread, SIGQUIT stays the JVM's thread dump and there is no CHLD. USR2 always comes from the JVM's
 * signal thread.
 */
final class Signals {
  /** Receives the requests. */
  interface Sink {
    void shutdown();

    void reload();

    void reopenLogs();

    /** SIGCHLD (main thread, signalfd only): a child or an orphaned grandchild exited. */
    void childExited();
  }

  private Signals() {}

  /**
   * Installs the handlers; called once by the main thread.
   *
   * @return the signalfd the main thread must wait on and pass to {@link #handle}, or null when the
   *     JVM kept its signals (its handlers then post on their own thread)
   * @throws IllegalStateException when the signals are taken over and the signalfd cannot be opened
   */
  static SignalFdReader install(Sink sink, MainLog log) {
    SignalFdReader reader = null;
    if (SignalTakeover.active()) {
      reader = SignalFdReader.open();
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
    return reader;
  }

  /** On the main thread: one signal read from {@link #install}'s signalfd. */
  static void handle(int signal, Sink sink, MainLog log) {
    switch (signal) {
      case SignalTakeover.SIGHUP -> restart(sink, log);
      case SignalTakeover.SIGINT -> exit(sink, log, "INT");
      case SignalTakeover.SIGQUIT -> exit(sink, log, "QUIT");
      case SignalTakeover.SIGTERM -> exit(sink, log, "TERM");
      case SignalTakeover.SIGCHLD -> sink.childExited();
      default -> log.log(LogLevel.BLAT, "received signal " + signal + ", ignored");
    }
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
