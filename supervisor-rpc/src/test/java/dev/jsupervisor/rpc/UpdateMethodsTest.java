package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.UpdateGrain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** jsupervisor.updatePlan and jsupervisor.updateProcessGroup over the real engine on a manual loop. */
class UpdateMethodsTest {
  private final RpcHarness h = new RpcHarness(RpcHarness.WEB, RpcHarness.WORKER, RpcHarness.BATCH);

  UpdateMethodsTest() {
    h.daemon.updateGrain = UpdateGrain.PROCESS; // update_grain = process; the group grain test sets it back
  }

  /** The worker group with numprocs 3, worker_01 with a new command. */
  private static final GroupSpec WORKER3 = new GroupSpec("worker", 5, List.of(
      RpcHarness.spec("worker_00").program("worker").autostart(false).build(),
      RpcHarness.spec("worker_01").program("worker").autostart(false).command("/bin/sleep 31").build(),
      RpcHarness.spec("worker_02").program("worker").autostart(false).build()));
  private static final GroupSpec EXTRA = GroupSpec.single(RpcHarness.spec("extra").build());

  private static void assertFault(Object reply, int code, String text) {
    assertThat(reply).isEqualTo(new Rpc.FaultResponse(code, text));
  }

  @Test
  void updatePlan_isTheDryRun_processByProcess_andKeepsNothing() throws Exception {
    h.daemon.onReread = List.of(RpcHarness.WEB, WORKER3, EXTRA);
    Object plan = h.call("jsupervisor.updatePlan");
    assertThat(plan).isEqualTo(Map.of(
        "grain", "process",
        "added", List.of("extra"),
        "removed", List.of("batch"),
        "unchanged", List.of("web"),
        "changed", List.of(Map.of("group", "worker", "whole", "",
            "restarted", List.of(Map.of("name", "worker_01", "keys", List.of("command"))),
            "added", List.of("worker_02"), "removed", List.of(), "unchanged", List.of("worker_00")))));
    assertThat(h.daemon.configuredGroups()).containsExactly(RpcHarness.WEB, RpcHarness.WORKER, RpcHarness.BATCH);
    assertThat(h.launcher.launches()).isEqualTo(2); // web and batch at start-up, nothing since
  }

  @Test
  void updatePlan_underGroupGrain_restartsEveryMember() throws Exception {
    h.daemon.updateGrain = UpdateGrain.GROUP;
    h.daemon.onReread = List.of(RpcHarness.WEB, WORKER3, RpcHarness.BATCH);
    Map<?, ?> plan = (Map<?, ?>) h.call("jsupervisor.updatePlan");
    Map<?, ?> worker = (Map<?, ?>) ((List<?>) plan.get("changed")).get(0);
    assertThat(worker.get("whole")).isEqualTo("update_grain = group");
    assertThat(worker.get("unchanged")).isEqualTo(List.of());
    assertThat(Rpc.field(worker.get("restarted"), "name")).containsExactly("worker_01", "worker_00");
  }

  @Test
  void updatePlan_brokenConfig_isCantReread() throws Exception {
    h.daemon.rereadError = "File contains no section headers.";
    assertFault(h.call("jsupervisor.updatePlan"), 92, "CANT_REREAD: File contains no section headers.");
  }

  @Test
  void updateProcessGroup_restartsOnlyTheChangedMember() throws Exception {
    GroupSpec web2 = GroupSpec.single(RpcHarness.spec("web").startsecs(java.time.Duration.ZERO)
        .env("COLOR", "blue").build());
    GroupSpec worker = new GroupSpec("worker", 5, List.of(
        RpcHarness.spec("worker_00").program("worker").autostart(false).build()));
    h.call("supervisor.startProcess", "worker:worker_00", false);
    int workerPid = h.supervisor.snapshot().process(ProcessName.parse("worker:worker_00")).orElseThrow().pid();
    h.daemon.onReread = List.of(web2, worker, RpcHarness.BATCH);
    h.call("supervisor.reloadConfig");

    var reply = h.send("jsupervisor.updateProcessGroup", "worker");
    h.exitSignalled();
    Map<?, ?> change = (Map<?, ?>) h.answer(reply);
    assertThat(change.get("removed")).isEqualTo(List.of("worker_01"));
    assertThat(change.get("unchanged")).isEqualTo(List.of("worker_00"));
    assertThat(h.supervisor.snapshot().process(ProcessName.parse("worker:worker_00")).orElseThrow().pid())
        .isEqualTo(workerPid);

    reply = h.send("jsupervisor.updateProcessGroup", "web");
    h.exitSignalled();
    change = (Map<?, ?>) h.answer(reply);
    assertThat(change.get("restarted")).isEqualTo(List.of(Map.of("name", "web", "keys", List.of("environment"))));
    assertThat(h.launcher.last("web").request().environment()).containsEntry("COLOR", "blue");
  }

  @Test
  void updateProcessGroup_unknownOrInactive_isBadName() throws Exception {
    assertFault(h.call("jsupervisor.updateProcessGroup", "nope"), 10, "BAD_NAME: nope");
    h.daemon.onReread = List.of(RpcHarness.WEB, RpcHarness.WORKER, RpcHarness.BATCH, EXTRA);
    h.call("supervisor.reloadConfig");
    assertFault(h.call("jsupervisor.updateProcessGroup", "extra"), 10, "BAD_NAME: extra");
  }

  @Test
  void extensionMethods_areNotListed_soListMethodsStaysSupervisords() throws Exception {
    assertThat(Rpc.list(h.call("system.listMethods"))).hasSize(41).noneMatch(m -> m.toString().startsWith("jsupervisor."));
  }
}
