package dev.jsupervisor.core;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers events to listeners, each on its own executor, one at a time and in order (one drain task
 * per listener is in flight at most, as Guava's ListenerCallQueue does). A throwing listener is
 * logged and keeps receiving later events. {@link #add} from any thread; {@link #publish} from the loop.
 */
final class EventBus {
  private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  void add(SupervisorListener listener, Executor executor) {
    subscribers.add(new Subscriber(listener, executor));
  }

  void publish(List<SupervisorEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    for (Subscriber s : subscribers) {
      s.enqueue(events);
    }
  }

  private static final class Subscriber {
    private final SupervisorListener listener;
    private final Executor executor;
    private final Queue<SupervisorEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Subscriber(SupervisorListener listener, Executor executor) {
      this.listener = listener;
      this.executor = executor;
    }

    void enqueue(List<SupervisorEvent> events) {
      queue.addAll(events);
      if (scheduled.compareAndSet(false, true)) {
        try {
          executor.execute(this::drain);
        } catch (RuntimeException e) {
          scheduled.set(false);
          LOG.log(System.Logger.Level.ERROR, "Exception thrown by the executor of listener " + listener, e);
        }
      }
    }

    private void drain() {
      while (true) {
        SupervisorEvent e = queue.poll();
        if (e == null) {
          scheduled.set(false);
          // An event may have arrived between poll() and set(false): take the baton back if so.
          if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        try {
          listener.onEvent(e);
        } catch (Throwable t) {
          LOG.log(System.Logger.Level.ERROR, "Exception thrown by listener " + listener + " on " + e, t);
        }
      }
    }
  }
}
