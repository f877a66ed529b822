package dev.jsupervisor.core;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Carries one spawn's sd_notify datagrams from the launcher's I/O thread to the loop: datagrams
 * that arrive while a delivery is pending are merged into it ({@link SdNotifyMessage#then}), so a
 * program sending thousands of STATUS updates costs at most one loop task at a time. Thread-safe.
 */
final class NotifyInbox {
  private final Executor loop;
  private final Consumer<SdNotifyMessage> onLoop;
  private final AtomicReference<SdNotifyMessage> pending = new AtomicReference<>();

  /** {@code onLoop} gets the merged messages on {@code loop}. */
  NotifyInbox(Executor loop, Consumer<SdNotifyMessage> onLoop) {
    this.loop = loop;
    this.onLoop = onLoop;
  }

  /** One datagram as received; any thread (the launcher's). */
  void offer(byte[] datagram) {
    SdNotifyMessage m = SdNotifyMessage.parse(datagram);
    if (!m.ready() && m.status().isEmpty()) {
      return; // nothing the engine reads
    }
    SdNotifyMessage before = pending.getAndAccumulate(m, (old, now) -> old == null ? now : old.then(now));
    if (before == null) {
      try {
        loop.execute(() -> onLoop.accept(pending.getAndSet(null)));
      } catch (RejectedExecutionException e) {
        // the engine has terminated
      }
    }
  }
}
