package dev.jsupervisor.web.rest;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsupervisor.core.FakeChild;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.web.testing.Fixture;
import dev.jsupervisor.web.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every REST route against a real engine whose children are fakes (no real processes). */
@Timeout(60)
final class RestApiTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");
  private static final ProcessName IDLE = ProcessName.of("idle");

  @TempDir Path dir;
  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private Supervisor supervisor;
  private FakeDaemon daemon;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    supervisor = Fixture.standard(launcher, dir);
    Path mainLog = Files.writeString(dir.resolve("supervisord.log"), "line one\nline two\n");
    daemon = new FakeDaemon(mainLog);
    daemon.identification = "testbox";
    server = new TestServer(routes -> RestApi.register(routes, supervisor, daemon));
    supervisor.startAsync();
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(20, TimeUnit.SECONDS);
    }
    launcher.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Replies.MAPPER.readTree(r.body());
  }

  @Test
  void list_returnsEveryProcessWithTheGoPortsKeys() throws Exception {
    var r = server.get("/program/list");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode list = json(r);
    assertThat(list).hasSize(5);
    JsonNode sleeper = null;
    for (JsonNode p : list) {
      if (p.get("namespec").asText().equals("sleeper")) {
        sleeper = p;
      }
    }
    assertThat(sleeper).isNotNull();
    for (String key : new String[] {"name", "group", "description", "start", "stop", "now", "state", "statename",
        "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "node"}) {
      assertThat(sleeper.has(key)).as(key).isTrue();
    }
    assertThat(sleeper.get("statename").asText()).isEqualTo("RUNNING");
    assertThat(sleeper.get("state").asInt()).isEqualTo(20);
    assertThat(sleeper.get("pid").asInt()).isPositive();
    assertThat(sleeper.get("description").asText()).startsWith("pid ");
  }

  @Test
  void info_byNamespecBareNameOrNode_findsTheProcess() throws Exception {
    assertThat(json(server.get("/program/info/web:a")).get("namespec").asText()).isEqualTo("web:a");
    assertThat(json(server.get("/program/info/a")).get("namespec").asText()).isEqualTo("web:a");
    assertThat(json(server.get("/program/info/testbox/sleeper")).get("statename").asText()).isEqualTo("RUNNING");
  }

  @Test
  void info_unknownNameOrNode_is404BadName() throws Exception {
    var r = server.get("/program/info/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("fault").asText()).isEqualTo("BAD_NAME");
    assertThat(json(r).get("code").asInt()).isEqualTo(10);
    assertThat(json(r).get("success").asBoolean()).isFalse();
    assertThat(server.get("/program/info/othernode/sleeper").statusCode()).isEqualTo(404);
  }

  @Test
  void start_stoppedProcess_runsAndRepliesWithIt() throws Exception {
    var r = server.post("/program/start/idle");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.at("/process/statename").asText()).isEqualTo("RUNNING");
    assertThat(supervisor.snapshot().process(IDLE).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void start_withPutAndNode_works() {
    var r = server.put("/program/start/local/idle", "X-Requested-With", "t");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void start_runningProcess_is409AlreadyStarted() throws Exception {
    var r = server.post("/program/start/sleeper");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(json(r).get("fault").asText()).isEqualTo("ALREADY_STARTED");
    assertThat(json(r).get("message").asText()).contains("sleeper");
  }

  @Test
  void start_spawnFailure_isSpawnErrorWithTheSpawnerr() throws Exception {
    var r = server.post("/program/start/broken");
    assertThat(r.statusCode()).isEqualTo(500);
    JsonNode body = json(r);
    assertThat(body.get("fault").asText()).isEqualTo("SPAWN_ERROR");
    assertThat(body.get("code").asInt()).isEqualTo(50);
    assertThat(body.get("spawnerr").asText()).contains("can't find command");
    assertThat(body.at("/process/statename").asText()).isEqualTo("FATAL");
  }

  @Test
  void stop_runningProcess_stopsIt() throws Exception {
    var r = server.post("/program/stop/sleeper");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).at("/process/statename").asText()).isEqualTo("STOPPED");
  }

  @Test
  void stop_stoppedProcess_is409NotRunning() throws Exception {
    var r = server.post("/program/stop/idle");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(json(r).get("fault").asText()).isEqualTo("NOT_RUNNING");
  }

  @Test
  void restart_runningProcess_getsANewPid() throws Exception {
    int before = supervisor.snapshot().process(SLEEPER).orElseThrow().pid();
    var r = server.post("/program/restart/sleeper");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).at("/process/statename").asText()).isEqualTo("RUNNING");
    assertThat(json(r).at("/process/pid").asInt()).isNotEqualTo(before);
  }

  @Test
  void restart_stoppedProcess_startsIt() {
    assertThat(server.post("/program/restart/idle").statusCode()).isEqualTo(200);
    assertThat(supervisor.snapshot().process(IDLE).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void groupSpec_startsAndStopsTheWholeGroup() throws Exception {
    var started = json(server.post("/program/start/web:*"));
    assertThat(started.get("success").asBoolean()).isTrue();
    assertThat(started.get("results")).hasSize(2);
    awaitState(supervisor, new ProcessName("web", "a"), ProcessState.RUNNING);
    awaitState(supervisor, new ProcessName("web", "b"), ProcessState.RUNNING);
    assertThat(json(server.post("/program/stop/web:*")).get("success").asBoolean()).isTrue();
    awaitState(supervisor, new ProcessName("web", "b"), ProcessState.STOPPED);
    assertThat(server.post("/program/start/nogroup:*").statusCode()).isEqualTo(404);
  }

  @Test
  void startAll_reportsEachProcessAndTheFailure() throws Exception {
    JsonNode body = json(server.post("/program/startAll"));
    assertThat(body.get("success").asBoolean()).isFalse();
    JsonNode broken = null;
    for (JsonNode r : body.get("results")) {
      if (r.get("namespec").asText().equals("broken")) {
        broken = r;
      }
    }
    assertThat(broken).isNotNull();
    assertThat(broken.get("success").asBoolean()).isFalse();
    assertThat(broken.get("fault").asText()).isEqualTo("SPAWN_ERROR");
    assertThat(supervisor.snapshot().process(IDLE).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void stopAllAndRestartAll_act_onEveryProcess() throws Exception {
    assertThat(json(server.post("/program/stopAll")).get("success").asBoolean()).isTrue();
    awaitState(supervisor, SLEEPER, ProcessState.STOPPED);
    var r = server.post("/program/restartAll");
    assertThat(r.statusCode()).isEqualTo(200);
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
    awaitState(supervisor, new ProcessName("web", "a"), ProcessState.RUNNING);
  }

  @Test
  void signal_sendsItAndRejectsBadSignals() throws Exception {
    assertThat(server.post("/program/signal/sleeper/USR1").statusCode()).isEqualTo(200);
    assertThat(launcher.children().stream().flatMap(c -> c.signals().stream()).map(FakeChild.Sent::signal)).contains(10);
    var bad = server.post("/program/signal/sleeper/NOPE");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("fault").asText()).isEqualTo("BAD_SIGNAL");
    assertThat(json(server.post("/program/signal/idle/HUP")).get("fault").asText()).isEqualTo("NOT_RUNNING");
  }

  @Test
  void logs_tailReadWholeAndClear() throws Exception {
    Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> json(server.get("/program/tail/sleeper/stdout")).get("text").asText().contains("hello"));
    JsonNode tail = json(server.get("/program/tail/sleeper/stdout"));
    assertThat(tail.get("start").asLong()).isZero();
    assertThat(tail.get("offset").asLong()).isEqualTo(6);
    assertThat(json(server.get("/program/tail/sleeper/stdout?offset=6")).get("text").asText()).isEmpty();
    assertThat(json(server.get("/program/read/sleeper/stdout?end=5&length=3")).get("text").asText()).isEqualTo("llo");
    var whole = server.get("/program/log/sleeper/stdout");
    assertThat(whole.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(whole.body()).isEqualTo("hello\n");
    assertThat(server.get("/program/log/testbox/sleeper/stdout").body()).isEqualTo("hello\n");
    assertThat(server.get("/program/tail/sleeper/stdin").statusCode()).isEqualTo(400);
    assertThat(server.get("/program/tail/nope/stdout").statusCode()).isEqualTo(404);

    assertThat(server.post("/program/clearlog/sleeper").statusCode()).isEqualTo(200);
    JsonNode after = json(server.get("/program/tail/sleeper/stdout?offset=6"));
    assertThat(after.get("reset").asBoolean()).isTrue();
    assertThat(after.get("text").asText()).isEmpty();
  }

  @Test
  void clearAllLogs_clearsEveryProcess() throws Exception {
    JsonNode body = json(server.post("/program/clearlogAll"));
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.get("results")).hasSize(5);
  }

  @Test
  void mainLog_tailAndRead() throws Exception {
    JsonNode tail = json(server.get("/supervisor/log/tail?length=9"));
    assertThat(tail.get("text").asText()).isEqualTo("line two\n");
    assertThat(json(server.get("/supervisor/log/read?end=9&length=9")).get("text").asText()).isEqualTo("line one\n");
  }

  @Test
  void batch_startAndStopPrograms() throws Exception {
    var r = server.post("/program/startPrograms", "[{\"node\":\"local\",\"program\":\"idle\"},\"web:a\"]",
        "X-Requested-With", "t", "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("results")).hasSize(2);
    awaitState(supervisor, IDLE, ProcessState.RUNNING);
    var s = server.post("/program/stopPrograms", "[\"idle\"]", "X-Requested-With", "t");
    assertThat(json(s).get("success").asBoolean()).isTrue();
    var bad = server.post("/program/startPrograms", "{not json", "X-Requested-With", "t");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("fault").asText()).isEqualTo("BAD_ARGUMENTS");
  }

  @Test
  void batch_withOneUnknownName_actsOnTheOthersAndReportsEachItem() throws Exception {
    var r = server.post("/program/startPrograms", "[\"idle\",\"nope\",{\"node\":\"othernode\",\"program\":\"web:a\"},\"web:b\"]",
        "X-Requested-With", "t");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("success").asBoolean()).isFalse();
    JsonNode results = body.get("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).get("namespec").asText()).isEqualTo("idle");
    assertThat(results.get(0).get("success").asBoolean()).isTrue();
    assertThat(results.get(1).get("name").asText()).isEqualTo("nope");
    assertThat(results.get(1).get("success").asBoolean()).isFalse();
    assertThat(results.get(1).get("fault").asText()).isEqualTo("BAD_NAME");
    assertThat(results.get(1).get("code").asInt()).isEqualTo(10);
    assertThat(results.get(2).get("fault").asText()).isEqualTo("BAD_NAME");
    assertThat(results.get(2).get("node").asText()).isEqualTo("othernode");
    assertThat(results.get(3).get("namespec").asText()).isEqualTo("web:b");
    assertThat(results.get(3).get("success").asBoolean()).isTrue();
    awaitState(supervisor, IDLE, ProcessState.RUNNING);
    awaitState(supervisor, new ProcessName("web", "b"), ProcessState.RUNNING);
    assertThat(supervisor.snapshot().process(new ProcessName("web", "a")).orElseThrow().state())
        .isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void start_commandFileMissing_is500NoFileNot404() throws Exception {
    Supervisor other = Supervisor.builder().launcher(launcher).childLogDir(dir).identifier("testbox")
        .group(dev.jsupervisor.core.GroupSpec.single(Fixture.spec("gone", dir.resolve("no/such/bin").toString(), false)))
        .build();
    other.startAsync();
    try (TestServer s = new TestServer(routes -> RestApi.register(routes, other, daemon))) {
      var r = s.post("/program/start/gone");
      assertThat(r.statusCode()).isEqualTo(500);
      JsonNode body = json(r);
      assertThat(body.get("fault").asText()).isEqualTo("NO_FILE");
      assertThat(body.get("message").asText()).contains("can't find command");
      assertThat(body.at("/process/namespec").asText()).isEqualTo("gone");
      assertThat(s.post("/program/restart/gone").statusCode()).isEqualTo(500);
      assertThat(s.post("/program/start/nosuch").statusCode()).isEqualTo(404);
      // its AUTO log exists from the moment it was named, as supervisord's mkstemp makes it: empty, not NO_FILE
      var log = s.get("/program/log/gone/stdout");
      assertThat(log.statusCode()).isEqualTo(200);
      assertThat(log.body()).isEmpty();
    } finally {
      other.stopAsync().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void supervisor_infoPingShutdownReload() throws Exception {
    JsonNode info = json(server.get("/supervisor/info"));
    assertThat(info.get("identification").asText()).isEqualTo("testbox");
    assertThat(info.get("statename").asText()).isEqualTo("RUNNING");
    assertThat(info.get("version").asText()).isNotBlank();
    assertThat(json(server.get("/supervisor/testbox/ping")).get("success").asBoolean()).isTrue();
    assertThat(server.post("/supervisor/reload").statusCode()).isEqualTo(200);
    assertThat(daemon.restarts).hasValue(1);
    assertThat(server.post("/supervisor/shutdown").statusCode()).isEqualTo(200);
    assertThat(daemon.shutdowns).hasValue(1);
  }

  @Test
  void stateChangingRoutes_withoutCsrfHeader_areRefusedAndDoNothing() {
    for (String path : new String[] {"/program/start/idle", "/program/stop/sleeper", "/program/stopAll",
        "/supervisor/shutdown", "/supervisor/reload", "/program/clearlog/sleeper", "/program/stopPrograms"}) {
      var r = server.post(path, "[\"sleeper\"]");
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body()).as(path).contains("CSRF");
    }
    assertThat(daemon.shutdowns).hasValue(0);
    assertThat(daemon.restarts).hasValue(0);
    assertThat(supervisor.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
    assertThat(supervisor.snapshot().process(IDLE).orElseThrow().state()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void readOnlyRoutes_refuseGetForActions() {
    assertThat(server.get("/program/stop/sleeper").statusCode()).isEqualTo(405);
  }
}
