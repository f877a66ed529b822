package dev.jsupervisor.web.rest;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.SupervisorEvent;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.web.testing.Fixture;
import dev.jsupervisor.web.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /supervisor/events}: live server-sent events of a real engine (fake children). */
@Timeout(60)
final class EventStreamResourceTest {
  private static final ProcessName IDLE = ProcessName.of("idle");

  @TempDir Path dir;
  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private Supervisor supervisor;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    supervisor = Fixture.standard(launcher, dir);
    FakeDaemon daemon = new FakeDaemon(Files.writeString(dir.resolve("supervisord.log"), ""));
    server = new TestServer(routes -> RestApi.register(routes, supervisor, daemon));
    supervisor.startAsync();
    awaitState(supervisor, ProcessName.of("sleeper"), ProcessState.RUNNING);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    launcher.close();
  }

  @Test
  void aStartedProcessIsStreamed_asNamedEventsWithJson() throws Exception {
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.base() + "/supervisor/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      List<String> hello = readEvent(in);
      assertThat(hello).contains("event:hello");
      supervisor.start(IDLE, true).get(10, TimeUnit.SECONDS);
      List<String> starting = readEvent(in);
      List<String> running = readEvent(in);
      assertThat(starting).contains("event:PROCESS_STATE_STARTING");
      assertThat(running).contains("event:PROCESS_STATE_RUNNING");
      JsonNode json = Replies.MAPPER.readTree(data(running));
      assertThat(json.get("namespec").asText()).isEqualTo("idle");
      assertThat(json.get("from_state").asText()).isEqualTo("STARTING");
      assertThat(json.get("state").asText()).isEqualTo("RUNNING");
      assertThat(json.get("pid").asInt()).isPositive();
      assertThat(Long.parseLong(id(running))).isGreaterThan(Long.parseLong(id(starting)));
    }
  }

  @Test
  void everyKindOfEventHasAName_exceptOutput() {
    assertThat(EventStreamResource.json(new SupervisorEvent.GroupAdded("web"))).containsEntry("eventname", "PROCESS_GROUP_ADDED");
    assertThat(EventStreamResource.json(new SupervisorEvent.RemoteCommunication("t", "d")))
        .containsEntry("eventname", "REMOTE_COMMUNICATION").containsEntry("type", "t").containsEntry("data", "d");
    assertThat(EventStreamResource.json(new SupervisorEvent.ProcessOutput(IDLE, dev.jsupervisor.core.Channel.STDOUT, 1,
        new byte[] {'x'}))).isNull();
    assertThat(EventStreamResource.json(new SupervisorEvent.LivenessFailed(ProcessName.parse("web:api"), 42,
        "tcp 127.0.0.1:8080: connection refused", 3)))
        .containsEntry("eventname", "PROCESS_LIVENESS_FAILED").containsEntry("namespec", "web:api")
        .containsEntry("group", "web").containsEntry("name", "api").containsEntry("pid", 42)
        .containsEntry("cause", "tcp 127.0.0.1:8080: connection refused").containsEntry("liveness_restarts", 3)
        .containsEntry("message", "liveness failed: tcp 127.0.0.1:8080: connection refused, restarting");
  }

  /** The lines of the next SSE event (up to the blank line), skipping keep-alive comments. */
  private static List<String> readEvent(BufferedReader in) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty()) {
        if (!lines.isEmpty()) {
          return lines;
        }
      } else if (!line.startsWith(":")) {
        lines.add(line);
      }
    }
    throw new AssertionError("stream ended after " + lines);
  }

  private static String data(List<String> event) {
    return event.stream().filter(l -> l.startsWith("data:")).map(l -> l.substring(5)).findFirst().orElseThrow();
  }

  private static String id(List<String> event) {
    return event.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3)).findFirst().orElseThrow();
  }
}
