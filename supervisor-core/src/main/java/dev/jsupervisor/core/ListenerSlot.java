package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.OutputSink;

/**
 * One listener process of a pool: its protocol state, the event it is BUSY with, and the tap on
 * its stdout. The tap (called on the launcher's I/O thread) writes every byte to the stdout log as
 * supervisord does, and posts a copy to the loop, where {@link ListenerProtocol} reads it; at most
 * {@link #MAX_IN_FLIGHT} bytes are on their way to the loop, beyond that the output is dropped and
 * the listener is UNKNOWN. Loop thread except the tap.
 */
final class ListenerSlot implements ListenerProtocol.Outcomes {
  static final long MAX_IN_FLIGHT = 1 << 20;

  private final SupervisedProcess process;
  private final EventListenerPool pool;
  private final OutputHandoff handoff;
  private final ActivityLog log;
  private final ListenerProtocol protocol;
  private int generation;
  private PooledEvent event;

  ListenerSlot(SupervisedProcess process, EventListenerPool pool, SupervisorLoop loop, ActivityLog log) {
    this.process = process;
    this.pool = pool;
    this.protocol = new ListenerProtocol(this, pool.resultHandler());
    this.handoff = new OutputHandoff(loop, MAX_IN_FLIGHT);
    this.log = log;
  }

  SupervisedProcess process() {
    return process;
  }

  ListenerProtocol.State state() {
    return protocol.state();
  }

  /** RUNNING (past startsecs) and READY: it may be sent an event. */
  boolean canTake() {
    return process.state() == ProcessState.RUNNING && protocol.state() == ListenerProtocol.State.READY
        && process.child().isPresent();
  }

  /**
   * The stdout sink of the next child (called at each spawn): a new child starts ACKNOWLEDGED,
   * and late bytes of an earlier child are ignored.
   */
  OutputSink tap(OutputSink stdoutLog) {
    int gen = ++generation;
    protocol.reset();
    event = null;
    return (buf, off, len) -> {
      stdoutLog.write(buf, off, len);
      boolean taken = handoff.offer(buf, off, len, copy -> {
        if (gen == generation) {
          protocol.feed(copy);
        }
      });
      if (!taken) {
        handoff.post(() -> flooded(gen));
      }
    };
  }

  private void flooded(int gen) {
    if (gen == generation && protocol.state() != ListenerProtocol.State.UNKNOWN) {
      log.log(LogLevel.WARN, name() + ": wrote more than " + MAX_IN_FLIGHT
          + " bytes of stdout the supervisor could not read yet");
      takeBack();
      protocol.violated();
    }
  }

  /** Writes {@code e}'s envelope to the child's stdin (never blocking) and becomes BUSY with it. */
  void send(PooledEvent e, byte[] envelope) {
    protocol.sent();
    event = e;
    long serial = e.serial();
    process.child().orElseThrow().writeStdinAsync(envelope, failure -> {
      if (failure != null) {
        handoff.post(() -> log.log(LogLevel.DEBG, "epipe occurred while sending event " + serial + " to listener "
            + name() + ": " + failure.getMessage()));
      }
    });
    log.log(LogLevel.DEBG, "event " + serial + " sent to listener " + name());
  }

  /** The child ended: an event it was BUSY with goes back to the head of the pool's buffer. */
  void childEnded() {
    takeBack();
  }

  private void takeBack() {
    if (event != null) {
      PooledEvent e = event;
      event = null;
      pool.rebuffer(e);
    }
  }

  private String name() {
    return process.spec().name();
  }

  @Override
  public void stateChanged(ListenerProtocol.State from, ListenerProtocol.State to) {
    log.log(LogLevel.DEBG, name() + ": " + from + " -> " + to);
    if (to == ListenerProtocol.State.UNKNOWN) {
      log.log(LogLevel.WARN, name() + ": has entered the UNKNOWN state and will no longer receive events, "
          + "this usually indicates the process violated the eventlistener protocol");
      if (from != ListenerProtocol.State.BUSY) {
        event = null;
      }
    } else if (to == ListenerProtocol.State.READY) {
      event = null;
      pool.wantDispatch();
    }
  }

  @Override
  public void processed() {
    event = null;
    log.log(LogLevel.DEBG, name() + ": event was processed");
  }

  @Override
  public void rejected(byte[] result) {
    log.log(LogLevel.WARN, name() + ": event was rejected");
  }

  @Override
  public void handlerFailed(byte[] result) {
    log.log(LogLevel.WARN, name() + ": event caused an error");
  }

  @Override
  public void badResultLine(String line) {
    log.log(LogLevel.WARN, name() + ": bad result line: '" + line + "'");
  }

  @Override
  public void eventReturned() {
    takeBack();
  }
}
