package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.SupervisorState;
import dev.jsupervisor.rpc.Rpc.FaultResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every method's faults and results through handle(bytes), against a scripted engine. */
final class RpcDispatcherTest {
  static final GroupSpec WEB = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 30").build());
  static final GroupSpec WORKER = new GroupSpec("worker", 5, List.of(
      ProcessSpec.builder("worker_00", "/bin/sleep 30").program("worker").build(),
      ProcessSpec.builder("worker_01", "/bin/sleep 30").program("worker").build()));
  static final GroupSpec BATCH = GroupSpec.single(ProcessSpec.builder("batch", "/bin/sh -c 'exit 1'").build());

  final FakeEngine engine = new FakeEngine()
      .activate(WEB, ProcessState.RUNNING).activate(WORKER, ProcessState.STOPPED).activate(BATCH, ProcessState.FATAL);
  final FakeDaemon daemon = new FakeDaemon();
  final RpcDispatcher dispatcher = new RpcDispatcher(engine, daemon, 1 << 20, Duration.ofSeconds(5), ZoneOffset.UTC);

  @TempDir Path tmp;

  Object call(String method, Object... params) throws Exception {
    return Rpc.decode(dispatcher.handle(Rpc.call(method, params)));
  }

  void assertFault(Object result, int code, String string) {
    assertThat(result).isEqualTo(new FaultResponse(code, string));
  }

  @Test
  void versions_areSupervisords() throws Exception {
    assertThat(call("supervisor.getAPIVersion")).isEqualTo("3.0");
    assertThat(call("supervisor.getVersion")).isEqualTo("3.0");
    assertThat(call("supervisor.getSupervisorVersion")).isEqualTo("4.2.5");
    assertThat(call("supervisor.getIdentification")).isEqualTo("testsupervisor");
    assertThat(call("supervisor.getPID")).isEqualTo(4711);
    assertThat(call("supervisor.getState")).isEqualTo(Map.of("statecode", 1, "statename", "RUNNING"));
  }

  @Test
  void routing_badNames_unknownMethod() throws Exception {
    for (String name : List.of("supervisor.nosuch", "supervisor._checkMood", "supervisor", "a.b.c",
        "nosuch.getState", "supervisor.getState.x", "supervisor.")) {
      assertFault(call(name), 1, "UNKNOWN_METHOD");
    }
  }

  @Test
  void arityOrTypeMismatch_incorrectParameters() throws Exception {
    assertFault(call("supervisor.getState", 1), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.startProcess"), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.startProcess", "web", true, 3), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.readLog", "abc", 0), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.getProcessInfo", 5), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.sendProcessStdin", "web", 5), 2, "INCORRECT_PARAMETERS: 5");
  }

  @Test
  void mood_shutdownOrRestarting_shutdownState() throws Exception {
    assertThat(call("supervisor.shutdown")).isEqualTo(true);
    assertThat(daemon.shutdowns.get()).isEqualTo(1);
    assertFault(call("supervisor.getState"), 6, "SHUTDOWN_STATE");
    assertFault(call("supervisor.shutdown"), 6, "SHUTDOWN_STATE");
    assertThat(call("supervisor.sendRemoteCommEvent", "type", "data")).isEqualTo(true);
    assertThat(Rpc.list(call("system.listMethods"))).hasSize(41);
  }

  @Test
  void mood_engineRestarting_shutdownStateUntilRunning() throws Exception {
    engine.state = SupervisorState.RESTARTING;
    assertFault(call("supervisor.getAllProcessInfo"), 6, "SHUTDOWN_STATE");
    engine.state = SupervisorState.RUNNING;
    assertThat(call("supervisor.restart")).isEqualTo(true);
    assertThat(daemon.restarts.get()).isEqualTo(1);
    assertThat(call("supervisor.getState")).isEqualTo(Map.of("statecode", 1, "statename", "RUNNING"));
  }

  @Test
  void names_unknownOrGroupSpec_badNameWithNameAsPassed() throws Exception {
    assertFault(call("supervisor.getProcessInfo", "nosuch"), 10, "BAD_NAME: nosuch");
    assertFault(call("supervisor.getProcessInfo", "worker:*"), 10, "BAD_NAME: worker:*");
    assertFault(call("supervisor.getProcessInfo", "worker_00"), 10, "BAD_NAME: worker_00");
    assertFault(call("supervisor.getProcessInfo", "worker:nosuch"), 10, "BAD_NAME: worker:nosuch");
    assertFault(call("supervisor.startProcess", "nosuch:*"), 10, "BAD_NAME: nosuch:*");
    assertFault(call("supervisor.stopProcessGroup", "nosuch"), 10, "BAD_NAME: nosuch");
    assertFault(call("supervisor.signalProcessGroup", "nosuch", "HUP"), 10, "BAD_NAME: nosuch");
    assertFault(call("supervisor.clearProcessLogs", "worker:"), 10, "BAD_NAME: worker:");
    assertFault(call("supervisor.tailProcessStdoutLog", "nosuch", 0, 10), 10, "BAD_NAME: nosuch");
    assertFault(call("supervisor.addProcessGroup", "nosuch"), 10, "BAD_NAME: nosuch");
    assertFault(call("supervisor.removeProcessGroup", "nosuch"), 10, "BAD_NAME: nosuch");
  }

  @Test
  void getProcessInfo_running_allFourteenFields() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) call("supervisor.getProcessInfo", "web");
    assertThat(info.keySet()).containsExactly("name", "group", "start", "stop", "now", "state", "statename",
        "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description");
    assertThat(info).containsEntry("name", "web").containsEntry("group", "web")
        .containsEntry("start", (int) (FakeEngine.NOW - 65)).containsEntry("stop", 0)
        .containsEntry("now", (int) FakeEngine.NOW).containsEntry("state", 20).containsEntry("statename", "RUNNING")
        .containsEntry("spawnerr", "").containsEntry("exitstatus", 0).containsEntry("logfile", "/tmp/web.log")
        .containsEntry("stdout_logfile", "/tmp/web.log").containsEntry("stderr_logfile", "")
        .containsEntry("pid", 4242).containsEntry("description", "pid 4242, uptime 0:01:05");
  }

  @Test
  void getAllProcessInfo_lexicalOrder() throws Exception {
    List<?> all = (List<?>) call("supervisor.getAllProcessInfo");
    assertThat(all).extracting(m -> ((Map<?, ?>) m).get("group") + ":" + ((Map<?, ?>) m).get("name"))
        .containsExactly("batch:batch", "web:web", "worker:worker_00", "worker:worker_01");
    assertThat(((Map<?, ?>) all.get(0)).get("description")).isEqualTo("Exited too quickly (process log may have details)");
    assertThat(((Map<?, ?>) all.get(2)).get("description")).isEqualTo("Not started");
  }

  @Test
  void startStop_engineFailures_mappedFaultStrings() throws Exception {
    Object[][] cases = {
        {Reason.NO_FILE, "can't find command '/x'", 20, "NO_FILE: can't find command '/x'"},
        {Reason.NOT_EXECUTABLE, "command at '/x' is a directory", 21, "NOT_EXECUTABLE: command at '/x' is a directory"},
        {Reason.FAILED, "web is in an unknown process state", 30, "FAILED: web is in an unknown process state"},
        {Reason.ABNORMAL_TERMINATION, "web", 40, "ABNORMAL_TERMINATION: web"},
        {Reason.SPAWN_ERROR, "web", 50, "SPAWN_ERROR: web"},
        {Reason.SHUTDOWN_STATE, "", 6, "SHUTDOWN_STATE"},
    };
    for (Object[] c : cases) {
      engine.nextFailure = new ControlException((Reason) c[0], (String) c[1]);
      assertFault(call("supervisor.startProcess", "worker:worker_00", true), (int) c[2], (String) c[3]);
    }
    assertFault(call("supervisor.startProcess", "web"), 60, "ALREADY_STARTED: web");
    assertFault(call("supervisor.stopProcess", "worker:worker_00"), 70, "NOT_RUNNING: worker:worker_00");
  }

  @Test
  void startProcess_waitFlagAndTruthiness_passedToEngine() throws Exception {
    assertThat(call("supervisor.startProcess", "worker:worker_00")).isEqualTo(true);
    assertThat(call("supervisor.stopProcess", "worker:worker_00", 0)).isEqualTo(true);
    assertThat(call("supervisor.startProcess", "worker:worker_00", false)).isEqualTo(true);
    assertThat(engine.commands).containsExactly(
        "start worker:worker_00 true", "stop worker:worker_00 false", "start worker:worker_00 false");
  }

  @Test
  void startProcess_groupStar_delegatesToGroupWithResultStructs() throws Exception {
    Object out = call("supervisor.startProcess", "worker:*");
    assertThat(out).isEqualTo(List.of(
        Map.of("name", "worker_00", "group", "worker", "status", 80, "description", "OK"),
        Map.of("name", "worker_01", "group", "worker", "status", 80, "description", "OK")));
    assertThat(call("supervisor.startProcessGroup", "worker")).isEqualTo(List.of()); // all running now
    assertThat(Rpc.list(call("supervisor.stopAllProcesses"))).hasSize(3);
    assertThat(Rpc.list(call("supervisor.startAllProcesses", false))).hasSize(4);
    assertThat(Rpc.list(call("supervisor.stopProcess", "worker:"))).hasSize(2);
    assertThat(engine.commands).contains("startGroup worker true", "stopAll true", "startAll false", "stopGroup worker true");
  }

  @Test
  void signals_byNameOrNumber_andBadSignal() throws Exception {
    assertThat(call("supervisor.signalProcess", "web", "HUP")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "web", "sigusr1")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "web", "15")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "web", 9)).isEqualTo(true);
    assertThat(engine.commands).containsExactly("signal web HUP", "signal web USR1", "signal web TERM", "signal web KILL");
    assertFault(call("supervisor.signalProcess", "web", "NOPE"), 11, "BAD_SIGNAL: NOPE");
    assertFault(call("supervisor.signalProcess", "web", 99), 11, "BAD_SIGNAL: 99");
    assertFault(call("supervisor.signalProcess", "nosuch", "NOPE"), 10, "BAD_NAME: nosuch");
    engine.nextFailure = new ControlException(Reason.NOT_RUNNING, "batch");
    assertFault(call("supervisor.signalProcess", "batch", "HUP"), 70, "NOT_RUNNING: batch");
  }

  @Test
  void signalGroupAndAll_badSignal_resultPerSignallableMember() throws Exception {
    Map<String, Object> web = Map.of("name", "web", "group", "web", "status", 11, "description", "BAD_SIGNAL: NOPE");
    assertThat(call("supervisor.signalProcessGroup", "web", "NOPE")).isEqualTo(List.of(web));
    assertThat(call("supervisor.signalProcessGroup", "worker", "NOPE")).isEqualTo(List.of());
    assertThat(call("supervisor.signalAllProcesses", "NOPE")).isEqualTo(List.of(web));
    assertThat(call("supervisor.signalProcess", "worker:*", "HUP")).isEqualTo(List.of());
    assertThat(call("supervisor.signalAllProcesses", "1")).isEqualTo(List.of());
    assertThat(engine.commands).containsExactly("signalGroup worker HUP", "signalAll HUP");
  }

  @Test
  void groups_addRemove_faults() throws Exception {
    GroupSpec extra = GroupSpec.single(ProcessSpec.builder("extra", "/bin/true").build());
    daemon.configured = List.of(WEB, WORKER, BATCH, extra);
    assertFault(call("supervisor.addProcessGroup", "web"), 90, "ALREADY_ADDED: web");
    assertThat(call("supervisor.addProcessGroup", "extra")).isEqualTo(true);
    engine.nextFailure = new ControlException(Reason.STILL_RUNNING, "web");
    assertFault(call("supervisor.removeProcessGroup", "web"), 91, "STILL_RUNNING: web");
    assertThat(call("supervisor.removeProcessGroup", "extra")).isEqualTo(true);
    assertThat(engine.commands).containsExactly("addGroup web", "addGroup extra", "removeGroup web", "removeGroup extra");
  }

  @Test
  void reloadConfig_reportsAddedChangedRemoved_orCantReread() throws Exception {
    GroupSpec extra = GroupSpec.single(ProcessSpec.builder("extra", "/bin/true").build());
    GroupSpec web2 = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 31").build());
    daemon.onReread = List.of(extra, web2, WORKER);
    assertThat(call("supervisor.reloadConfig")).isEqualTo(List.of(List.of(List.of("extra"), List.of("web"), List.of("batch"))));
    daemon.rereadError = "File contains no section headers.";
    assertFault(call("supervisor.reloadConfig"), 92, "CANT_REREAD: File contains no section headers.");
  }

  @Test
  void mainLog_missingOrBadArguments_faults() throws Exception {
    assertFault(call("supervisor.readLog", 0, 0), 20, "NO_FILE");
    assertFault(call("supervisor.clearLog"), 20, "NO_FILE");
    daemon.mainLog = tmp.resolve("supervisord.log");
    assertFault(call("supervisor.readMainLog", 0, 0), 20, "NO_FILE: " + daemon.mainLog);
    Files.writeString(daemon.mainLog, "hello\n");
    assertFault(call("supervisor.readLog", -1, 5), 3, "BAD_ARGUMENTS");
    assertFault(call("supervisor.readLog", 0, -5), 3, "BAD_ARGUMENTS");
    daemon.clearFails = true;
    assertFault(call("supervisor.clearLog"), 30, "FAILED");
    daemon.clearFails = false;
    assertThat(call("supervisor.clearLog")).isEqualTo(true);
    assertThat(Files.size(daemon.mainLog)).isZero();
  }

  @Test
  void processLogs_noneOrMissing_faultsAndEmptyTail() throws Exception {
    assertFault(call("supervisor.readProcessStdoutLog", "web", 0, 0), 20, "NO_FILE");
    assertFault(call("supervisor.readProcessStderrLog", "web", 0, 0), 20, "NO_FILE");
    Path log = tmp.resolve("web.log");
    engine.stdoutLogs.put(ProcessName.of("web"), log);
    assertFault(call("supervisor.readProcessLog", "web", 0, 0), 20, "NO_FILE: " + log);
    assertThat(call("supervisor.tailProcessStdoutLog", "web", 0, 100)).isEqualTo(List.of("", 0, false));
    assertThat(call("supervisor.tailProcessLog", "web", 0, 100)).isEqualTo(List.of("", 0, false));
    assertThat(call("supervisor.tailProcessStderrLog", "web", 0, 100)).isEqualTo(List.of("", 0, false));
    Files.writeString(log, "x");
    assertFault(call("supervisor.readProcessStdoutLog", "web", -10, 3), 3, "BAD_ARGUMENTS");
  }

  @Test
  void clearProcessLogs_failure_failedWithName() throws Exception {
    assertThat(call("supervisor.clearProcessLogs", "web")).isEqualTo(true);
    engine.nextFailure = new ControlException(Reason.FAILED, "Permission denied");
    assertFault(call("supervisor.clearProcessLog", "worker:worker_01"), 30, "FAILED: worker:worker_01");
    assertThat(Rpc.list(call("supervisor.clearAllProcessLogs"))).hasSize(4).first()
        .isEqualTo(Map.of("name", "batch", "group", "batch", "status", 80, "description", "OK"));
  }

  @Test
  void sendProcessStdin_passesUtf8_andMapsClosedStdin() throws Exception {
    assertThat(call("supervisor.sendProcessStdin", "web", "h\u00e9llo\n")).isEqualTo(true);
    assertThat(engine.commands).containsExactly("stdin web h\u00e9llo\n");
    engine.nextFailure = new ControlException(Reason.NO_FILE, "web");
    assertFault(call("supervisor.sendProcessStdin", "web", "x"), 20, "NO_FILE: web");
    engine.nextFailure = new ControlException(Reason.NOT_RUNNING, "batch");
    assertFault(call("supervisor.sendProcessStdin", "batch", "x"), 70, "NOT_RUNNING: batch");
  }

  @Test
  void sendRemoteCommEvent_validatesArity() throws Exception {
    assertThat(call("supervisor.sendRemoteCommEvent", "t", "d")).isEqualTo(true);
    assertThat(engine.commands).contains("remoteComm t d");
    assertFault(call("supervisor.sendRemoteCommEvent", "t"), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.sendRemoteCommEvent", "t", List.of()), 2, "INCORRECT_PARAMETERS");
  }

  @Test
  void unexpectedEngineError_failedFaultWithoutStackTrace() throws Exception {
    engine.heldStart = java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("loop died"));
    byte[] body = dispatcher.handle(Rpc.call("supervisor.startProcess", "worker:worker_00"));
    assertFault(Rpc.decode(body), 30, "FAILED: IllegalStateException: loop died");
    assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("at dev.");
  }

  @Test
  void requestWithoutParamsAndUntypedValues_accepted() throws Exception {
    byte[] noParams = "<?xml version='1.0'?><methodCall><methodName>supervisor.getPID</methodName></methodCall>"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(Rpc.decode(dispatcher.handle(noParams))).isEqualTo(4711);
    byte[] untyped = ("<?xml version='1.0'?><methodCall><methodName>supervisor.getProcessInfo</methodName>"
        + "<params><param><value>web</value></param></params></methodCall>").getBytes(StandardCharsets.UTF_8);
    assertThat(Rpc.decode(dispatcher.handle(untyped))).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("name", "web");
  }
}
