package dev.jsupervisor.web.ui;

import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.TimeSource;
import dev.jsupervisor.web.rest.Replies;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /program/timeline/{name}}: the state changes of one process of this node that {@link
 * StateTimeline} kept, oldest first, read-only:
 * <pre>{"namespec":"web:api","now":1764650000000,"changes":[{"t":…,"from":"STARTING","to":"RUNNING","expected":false,"pid":42}]}</pre>
 * An unknown name is a BAD_NAME fault (404). Reads memory only; any thread.
 */
final class TimelineResource implements HttpHandler {
  private final Supervisor supervisor;
  private final StateTimeline timeline;
  private final TimeSource time;

  TimelineResource(Supervisor supervisor, StateTimeline timeline, TimeSource time) {
    this.supervisor = supervisor;
    this.timeline = timeline;
    this.time = time;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Deque<String> param = exchange.getQueryParameters().get("name");
    String namespec = param == null || param.isEmpty() ? "" : param.getFirst();
    ProcessName name;
    try {
      name = ProcessName.parse(namespec);
    } catch (IllegalArgumentException e) {
      Replies.fault(exchange, Reason.BAD_NAME, namespec);
      return;
    }
    if (supervisor.snapshot().process(name).isEmpty()) {
      Replies.fault(exchange, Reason.BAD_NAME, namespec);
      return;
    }
    List<Object> changes = new ArrayList<>();
    for (StateTimeline.Change c : timeline.of(name)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("t", c.epochMillis());
      m.put("from", c.from().name());
      m.put("to", c.to().name());
      m.put("expected", c.expected());
      m.put("pid", c.pid());
      changes.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("namespec", name.namespec());
    body.put("now", time.now().toEpochMilli());
    body.put("changes", changes);
    Replies.json(exchange, 200, body);
  }
}
