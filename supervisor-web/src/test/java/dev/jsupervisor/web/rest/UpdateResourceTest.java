package dev.jsupervisor.web.rest;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.UpdateGrain;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.web.testing.Fixture;
import dev.jsupervisor.web.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** GET /supervisor/update/plan and POST /supervisor/update against a real engine with fake children. */
@Timeout(60)
final class UpdateResourceTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");

  @TempDir Path dir;
  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private Supervisor supervisor;
  private FakeDaemon daemon;
  private TestServer server;
  private List<GroupSpec> edited;

  @BeforeEach
  void start() throws Exception {
    supervisor = Fixture.standard(launcher, dir);
    List<GroupSpec> active = supervisor.snapshot().groups();
    daemon = new FakeDaemon(null, active.toArray(GroupSpec[]::new));
    daemon.updateGrain = UpdateGrain.PROCESS;
    server = new TestServer(routes -> RestApi.register(routes, supervisor, daemon));
    supervisor.startAsync();
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
    // idle goes, extra comes, web gets a third member; sleeper and broken stay as they are
    edited = new ArrayList<>();
    for (GroupSpec g : active) {
      if (g.name().equals("web")) {
        List<dev.jsupervisor.core.ProcessSpec> members = new ArrayList<>(g.processes());
        members.add(Fixture.spec("c", "/bin/sleep 30", false).toBuilder().program("web").build());
        edited.add(new GroupSpec("web", g.priority(), members));
      } else if (!g.name().equals("idle")) {
        edited.add(g);
      }
    }
    edited.add(GroupSpec.single(Fixture.spec("extra", "/bin/sleep 30", false)));
    daemon.onReread = edited;
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

  private static JsonNode json(String body) throws Exception {
    return Replies.MAPPER.readTree(body);
  }

  @Test
  void plan_isTheDryRun_andChangesNothing() throws Exception {
    int pid = supervisor.snapshot().process(SLEEPER).orElseThrow().pid();
    var r = server.get("/supervisor/update/plan");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode plan = json(r.body());
    assertThat(plan.get("grain").asText()).isEqualTo("process");
    assertThat(plan.get("added").toString()).isEqualTo("[\"extra\"]");
    assertThat(plan.get("removed").toString()).isEqualTo("[\"idle\"]");
    assertThat(plan.get("unchanged").toString()).isEqualTo("[\"broken\",\"sleeper\"]");
    JsonNode web = plan.get("changed").get(0);
    assertThat(web.get("group").asText()).isEqualTo("web");
    assertThat(web.get("added").toString()).isEqualTo("[\"c\"]");
    assertThat(web.get("unchanged").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(daemon.configuredGroups()).isNotEqualTo(edited);
    assertThat(supervisor.snapshot().group("idle")).isPresent();
    assertThat(supervisor.snapshot().process(SLEEPER).orElseThrow().pid()).isEqualTo(pid);
  }

  @Test
  void update_appliesThePlan_leavingUnchangedProcessesRunning() throws Exception {
    int pid = supervisor.snapshot().process(SLEEPER).orElseThrow().pid();
    var r = server.post("/supervisor/update");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("success").asBoolean()).isTrue();
    assertThat(supervisor.snapshot().group("idle")).isEmpty();
    assertThat(supervisor.snapshot().group("extra")).isPresent();
    assertThat(supervisor.snapshot().process(ProcessName.parse("web:c"))).isPresent();
    assertThat(supervisor.snapshot().process(SLEEPER).orElseThrow().pid()).isEqualTo(pid);
    assertThat(daemon.configuredGroups()).isEqualTo(edited);
  }

  @Test
  void brokenConfig_isCantReread_andNothingChanges() {
    daemon.rereadError = "File contains no section headers.";
    var r = server.get("/supervisor/update/plan");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("CANT_REREAD").contains("no section headers");
    assertThat(server.post("/supervisor/update").statusCode()).isEqualTo(400);
    assertThat(supervisor.snapshot().group("idle")).isPresent();
  }

  @Test
  void update_withoutCsrfHeader_isRefused() {
    var r = server.post("/supervisor/update", "");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(supervisor.snapshot().group("idle")).isPresent();
  }
}
