package dev.jsupervisor.web.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorEvent;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /supervisor/events}: the engine's events as server-sent events, live, for the web UI and
 * any client ({@code curl -N}, a browser's EventSource) instead of polling. Each SSE event is named
 * as supervisord's event type ({@code PROCESS_STATE_RUNNING}, {@code PROCESS_GROUP_ADDED},
 * {@code REMOTE_COMMUNICATION}, {@code SUPERVISOR_STATE_CHANGE}), or {@code PROCESS_LIVENESS_FAILED}
 * (ours: a failing liveness probe restarts the process), and carries a JSON object; process output
 * events are not streamed (use {@code /logtail}). One engine listener serves every client of
 * this resource; sending never blocks the engine: events are queued per client on its connection,
 * and a client more than {@link #MAX_PENDING} events behind is disconnected (an EventSource
 * reconnects, and the page then reloads the full state). A comment every 15 s keeps proxies from
 * closing an idle stream and lets departed clients be noticed.
 */
final class EventStreamResource implements HttpHandler {
  static final int MAX_PENDING = 512;
  private static final long KEEP_ALIVE_MS = 15_000;

  private final ServerSentEventHandler sse;
  private final AtomicLong ids = new AtomicLong();

  /** Registers one listener on {@code supervisor}; events run on the engine's delivery thread. */
  EventStreamResource(Supervisor supervisor) {
    this.sse = new ServerSentEventHandler((connection, lastEventId) -> {
      connection.setKeepAliveTime(KEEP_ALIVE_MS);
      connection.putAttachment(PendingKey.KEY, new AtomicInteger());
      connection.send("{}", "hello", Long.toString(ids.get()), null);
    });
    supervisor.addListener(this::broadcast, Runnable::run);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    sse.handleRequest(exchange);
  }

  private void broadcast(SupervisorEvent event) {
    if (sse.getConnections().isEmpty()) {
      return;
    }
    Map<String, Object> json = json(event);
    if (json == null) {
      return;
    }
    String data;
    try {
      data = Replies.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      return;
    }
    String name = (String) json.get("eventname");
    String id = Long.toString(ids.incrementAndGet());
    for (ServerSentEventConnection c : sse.getConnections()) {
      AtomicInteger pending = c.getAttachment(PendingKey.KEY);
      if (pending == null) {
        continue;
      }
      if (pending.incrementAndGet() > MAX_PENDING) {
        closeQuietly(c);
        continue;
      }
      try {
        send(c, pending, data, name, id);
      } catch (RuntimeException e) { // the server is stopping: its I/O threads refuse work
        pending.decrementAndGet();
        closeQuietly(c);
      }
    }
  }

  private static void send(ServerSentEventConnection c, AtomicInteger pending, String data, String name, String id) {
    c.send(data, name, id, new ServerSentEventConnection.EventCallback() {
      @Override
      public void done(ServerSentEventConnection connection, String d, String e, String i) {
        pending.decrementAndGet();
      }

      @Override
      public void failed(ServerSentEventConnection connection, String d, String e, String i, IOException x) {
        pending.decrementAndGet();
        closeQuietly(connection);
      }
    });
  }

  /** The JSON object of one event, or null for events that are not streamed. */
  static Map<String, Object> json(SupervisorEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (event instanceof SupervisorEvent.ProcessStateChanged e) {
      m.put("eventname", "PROCESS_STATE_" + e.to().name());
      process(m, e.name());
      m.put("from_state", e.from().name());
      m.put("state", e.to().name());
      m.put("expected", e.expected());
      m.put("pid", e.pid());
      m.put("tries", e.tries());
    } else if (event instanceof SupervisorEvent.GroupAdded e) {
      m.put("eventname", "PROCESS_GROUP_ADDED");
      m.put("group", e.group());
    } else if (event instanceof SupervisorEvent.GroupRemoved e) {
      m.put("eventname", "PROCESS_GROUP_REMOVED");
      m.put("group", e.group());
    } else if (event instanceof SupervisorEvent.RemoteCommunication e) {
      m.put("eventname", "REMOTE_COMMUNICATION");
      m.put("type", e.type());
      m.put("data", e.data());
    } else if (event instanceof SupervisorEvent.LivenessFailed e) {
      m.put("eventname", "PROCESS_LIVENESS_FAILED");
      process(m, e.name());
      m.put("pid", e.pid());
      m.put("cause", e.cause());
      m.put("liveness_restarts", e.restarts());
      m.put("message", "liveness failed: " + e.cause() + ", restarting");
    } else if (event instanceof SupervisorEvent.SupervisorStateChanged e) {
      m.put("eventname", "SUPERVISOR_STATE_CHANGE");
      m.put("from_state", e.from().name());
      m.put("state", e.to().name());
    } else {
      return null; // process output (/logtail streams it), restart on change
    }
    return m;
  }

  private static void process(Map<String, Object> m, ProcessName name) {
    m.put("namespec", name.namespec());
    m.put("group", name.group());
    m.put("name", name.name());
  }

  private static void closeQuietly(ServerSentEventConnection c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // already gone
    }
  }

  /** The per-connection count of events queued and not yet written. */
  private static final class PendingKey {
    static final io.undertow.util.AttachmentKey<AtomicInteger> KEY = io.undertow.util.AttachmentKey.create(AtomicInteger.class);
  }
}
