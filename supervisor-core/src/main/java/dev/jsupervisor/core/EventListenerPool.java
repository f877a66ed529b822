package dev.jsupervisor.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An {@code [eventlistener:x]} pool (supervisord's {@code EventListenerPool}): a FIFO of at most
 * {@code buffer_size} events shared by the pool's listeners; each event goes to the first listener
 * (in member order) that is RUNNING and READY. A full buffer drops its oldest event; an event a
 * listener rejected, or held when it died, goes back to the head of this pool's buffer only. Loop
 * thread only.
 */
final class EventListenerPool {
  private final String name;
  private final ListenerPoolSpec spec;
  private final String identifier;
  private final ActivityLog log;
  private final Runnable wantDispatch;
  private final Deque<PooledEvent> buffer = new ArrayDeque<>();
  private final List<ListenerSlot> slots = new ArrayList<>();
  private long serial = -1;

  /** {@code wantDispatch} asks for a {@link #dispatch()} soon (it may coalesce). */
  EventListenerPool(String name, ListenerPoolSpec spec, String identifier, ActivityLog log, Runnable wantDispatch) {
    this.name = name;
    this.spec = spec;
    this.identifier = identifier;
    this.log = log;
    this.wantDispatch = wantDispatch;
  }

  String name() {
    return name;
  }

  ResultHandler resultHandler() {
    return spec.resultHandler();
  }

  void add(ListenerSlot slot) {
    slots.add(slot);
  }

  List<ListenerSlot> slots() {
    return slots;
  }

  /** Whether this pool receives events of {@code type}. */
  boolean subscribes(EventType type) {
    return spec.subscribes(type);
  }

  /** A new event, already given its global serial: it gets the next pool serial and joins the tail. */
  void accept(EventNotification event, long globalSerial) {
    serial = serial == Long.MAX_VALUE ? 0 : serial + 1;
    makeRoom();
    buffer.addLast(new PooledEvent(event, globalSerial, serial));
    wantDispatch.run();
  }

  /** An event taken back from a listener (rejected, or its listener died): to the head again. */
  void rebuffer(PooledEvent e) {
    log.log(LogLevel.DEBG, "rebuffering event " + e.serial() + " for pool " + name + " (buf size="
        + buffer.size() + ", max=" + spec.bufferSize() + ")");
    makeRoom();
    buffer.addFirst(e);
    wantDispatch.run();
  }

  private void makeRoom() {
    if (buffer.size() >= spec.bufferSize()) {
      PooledEvent dropped = buffer.pollFirst();
      log.log(LogLevel.ERRO, "pool " + name + " event buffer overflowed, discarding event " + dropped.serial());
    }
  }

  /** Asked for by a listener that became READY or RUNNING. */
  void wantDispatch() {
    wantDispatch.run();
  }

  /** Sends buffered events, oldest first, as long as a listener can take one. */
  void dispatch() {
    while (!buffer.isEmpty()) {
      ListenerSlot free = firstFree();
      if (free == null) {
        return;
      }
      PooledEvent e = buffer.pollFirst();
      free.send(e, e.envelope(identifier, name));
    }
  }

  private ListenerSlot firstFree() {
    for (ListenerSlot s : slots) {
      if (s.canTake()) {
        return s;
      }
    }
    return null;
  }
}
