package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.OutputSink;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * {@code stdout_events_enabled}/{@code stderr_events_enabled}: a sink, wrapped around a channel's
 * log for one child, that also turns every chunk the child wrote (one read, as supervisord emits one
 * event per read) into a {@link SupervisorEvent.ProcessOutput} on the loop. The copy is taken on the
 * launcher's I/O thread; at most {@link #MAX_IN_FLIGHT} bytes per channel wait for the loop, beyond
 * that chunks get no event (they are still logged) and one warning per burst says how many.
 */
final class OutputEventTap implements OutputSink {
  static final long MAX_IN_FLIGHT = 4L << 20;

  private final OutputSink log;
  private final OutputHandoff handoff;
  private final ActivityLog activity;
  private final ProcessName name;
  private final Channel channel;
  private final IntSupplier pid;
  private final Consumer<SupervisorEvent> publish;
  private final AtomicLong dropped = new AtomicLong();

  /** {@code pid} (the child's) is read and {@code publish} runs on the loop thread, for each event. */
  OutputEventTap(OutputSink log, SupervisorLoop loop, ActivityLog activity, ProcessName name, Channel channel, IntSupplier pid,
      Consumer<SupervisorEvent> publish) {
    this.log = log;
    this.handoff = new OutputHandoff(loop, MAX_IN_FLIGHT);
    this.activity = activity;
    this.name = name;
    this.channel = channel;
    this.pid = pid;
    this.publish = publish;
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    log.write(buf, off, len);
    boolean taken = handoff.offer(buf, off, len,
        copy -> publish.accept(new SupervisorEvent.ProcessOutput(name, channel, pid.getAsInt(), copy)));
    if (!taken && dropped.getAndAdd(len) == 0) {
      handoff.post(this::reportDropped);
    }
  }

  private void reportDropped() {
    activity.log(LogLevel.WARN, "'" + name.name() + "' " + channel.name().toLowerCase(java.util.Locale.ROOT)
        + " wrote faster than its PROCESS_LOG events could be made: " + dropped.getAndSet(0)
        + " bytes were logged without an event");
  }
}
