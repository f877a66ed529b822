package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.FakeChild;
import dev.jsupervisor.core.FakeTimeSource;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.SupervisorEvent;
import dev.jsupervisor.rpc.Rpc.FaultResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method's faults and results through dispatch(bytes), against the real engine on fake time
 * with fake children (see {@link RpcHarness} for the standard groups).
 */
final class RpcDispatcherTest {
  RpcHarness h = RpcHarness.standard();

  @TempDir Path tmp;

  Object call(String method, Object... params) throws Exception {
    return h.call(method, params);
  }

  void assertFault(Object result, int code, String string) {
    assertThat(result).isEqualTo(new FaultResponse(code, string));
  }

  ProcessState state(String namespec) {
    return h.supervisor.snapshot().process(ProcessName.parse(namespec)).orElseThrow().state();
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
  void parse_callsThatReadOrWriteFilesMayBlock_othersDoNot() throws Exception {
    for (String name : List.of("supervisor.readLog", "supervisor.readMainLog", "supervisor.clearLog",
        "supervisor.reloadConfig", "supervisor.readProcessStdoutLog", "supervisor.readProcessLog",
        "supervisor.readProcessStderrLog", "supervisor.tailProcessStdoutLog", "supervisor.tailProcessLog",
        "supervisor.tailProcessStderrLog", "supervisor.clearProcessLogs", "supervisor.clearProcessLog",
        "supervisor.clearAllProcessLogs", "jsupervisor.updatePlan", "system.multicall")) {
      assertThat(h.dispatcher.parse(Rpc.call(name)).mayBlock()).as(name).isTrue();
    }
    for (String name : List.of("supervisor.getState", "supervisor.getAllProcessInfo", "supervisor.startProcess",
        "supervisor.stopProcess", "supervisor.addProcessGroup", "system.listMethods", "supervisor.nosuch", "a.b.c")) {
      assertThat(h.dispatcher.parse(Rpc.call(name)).mayBlock()).as(name).isFalse();
    }
    // parsing alone runs nothing; run() does, once
    RpcDispatcher.Call stop = h.dispatcher.parse(Rpc.call("supervisor.stopProcess", "web", false));
    assertThat(state("web")).isEqualTo(ProcessState.RUNNING);
    h.loop.runUntilIdle();
    assertThat(state("web")).as("not run yet").isEqualTo(ProcessState.RUNNING);
    assertThat(h.answer(stop.run())).isEqualTo(true);
    assertThat(state("web")).isEqualTo(ProcessState.STOPPING);
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
  void mood_shutdownAskedOverRpc_shutdownStateAtOnce() throws Exception {
    assertThat(call("supervisor.shutdown")).isEqualTo(true);
    assertThat(h.daemon.shutdowns.get()).isEqualTo(1);
    assertFault(call("supervisor.getState"), 6, "SHUTDOWN_STATE");
    assertFault(call("supervisor.shutdown"), 6, "SHUTDOWN_STATE");
    assertThat(call("supervisor.sendRemoteCommEvent", "type", "data")).isEqualTo(true);
    assertThat(Rpc.list(call("system.listMethods"))).hasSize(41);
  }

  @Test
  void mood_engineShuttingDown_shutdownState_andRestartAsksTheDaemon() throws Exception {
    assertThat(call("supervisor.restart")).isEqualTo(true);
    assertThat(h.daemon.restarts.get()).isEqualTo(1);
    assertFault(call("supervisor.getState"), 6, "SHUTDOWN_STATE"); // supervisord is RESTARTING at once
    h = RpcHarness.standard(); // the daemon builds a new dispatcher after its reload
    h.supervisor.stopAsync();
    h.loop.runUntilIdle(); // web is told to stop and has not exited: the engine is in SHUTDOWN
    assertFault(call("supervisor.getAllProcessInfo"), 6, "SHUTDOWN_STATE");
    assertFault(call("supervisor.startProcess", "worker:worker_00"), 6, "SHUTDOWN_STATE");
    // supervisord's signalProcessGroup checks the mood before the name (rpcinterface.py 4.2.5)
    assertFault(call("supervisor.signalProcessGroup", "nosuch", "HUP"), 6, "SHUTDOWN_STATE");
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
    h.loop.advance(Duration.ofSeconds(65));
    long start = FakeTimeSource.WALL_START.getEpochSecond();
    int pid = h.launcher.last("web").pid();
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) call("supervisor.getProcessInfo", "web");
    assertThat(info.keySet()).containsExactly("name", "group", "start", "stop", "now", "state", "statename",
        "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description");
    assertThat(info).containsEntry("name", "web").containsEntry("group", "web")
        .containsEntry("start", (int) start).containsEntry("stop", 0)
        .containsEntry("now", (int) start + 65).containsEntry("state", 20).containsEntry("statename", "RUNNING")
        .containsEntry("spawnerr", "").containsEntry("exitstatus", 0).containsEntry("logfile", "")
        .containsEntry("stdout_logfile", "").containsEntry("stderr_logfile", "")
        .containsEntry("pid", pid).containsEntry("description", "pid " + pid + ", uptime 0:01:05");
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
    RpcHarness x = new RpcHarness(RpcHarness.WEB, RpcHarness.WORKER,
        GroupSpec.single(ProcessSpec.builder("missing", "/nonexistent/x").autostart(false).build()),
        GroupSpec.single(ProcessSpec.builder("dir", "/tmp").autostart(false).build()));
    assertThat(x.call("supervisor.startProcess", "missing")).isEqualTo(new FaultResponse(20,
        "NO_FILE: can't find command '/nonexistent/x'"));
    assertThat(x.call("supervisor.startProcess", "dir")).isEqualTo(new FaultResponse(21,
        "NOT_EXECUTABLE: command at '/tmp' is a directory"));
    assertThat(x.call("supervisor.startProcess", "web")).isEqualTo(new FaultResponse(60, "ALREADY_STARTED: web"));
    assertThat(x.call("supervisor.stopProcess", "worker:worker_00")).isEqualTo(new FaultResponse(70,
        "NOT_RUNNING: worker:worker_00"));

    x.launcher.failSpawn("can't find command 'gone'");
    assertThat(x.call("supervisor.startProcess", "worker:worker_00")).isEqualTo(new FaultResponse(50,
        "SPAWN_ERROR: worker:worker_00"));

    var waiting = x.send("supervisor.startProcess", "worker:worker_01", true);
    assertThat(x.call("supervisor.stopProcess", "worker:worker_01", false)).isEqualTo(true);
    assertThat(x.answer(waiting)).isEqualTo(new FaultResponse(40, "ABNORMAL_TERMINATION: worker:worker_01"));

    FakeChild web = x.launcher.last("web");
    web.failSignals("Operation not permitted");
    Object stop = x.call("supervisor.stopProcess", "web");
    assertThat(stop).isEqualTo(new FaultResponse(30,
        "FAILED: unknown problem killing web (" + web.pid() + "):Operation not permitted"));
    assertThat(x.call("supervisor.startProcess", "web")).isEqualTo(new FaultResponse(30,
        "FAILED: web is in an unknown process state"));
  }

  @Test
  void faults_carryTheNameAsPassed_asSupervisord() throws Exception {
    // what supervisord 4.2.5 answers for web:web on a [program:web] (tried against /usr/bin/supervisord)
    assertFault(call("supervisor.startProcess", "web:web"), 60, "ALREADY_STARTED: web:web");
    assertFault(call("supervisor.startProcess", "web"), 60, "ALREADY_STARTED: web");
    assertFault(call("supervisor.stopProcess", "worker:worker_00"), 70, "NOT_RUNNING: worker:worker_00");
    assertFault(call("supervisor.signalProcess", "batch:batch", "HUP"), 70, "NOT_RUNNING: batch:batch");
    assertFault(call("supervisor.sendProcessStdin", "batch:batch", "x"), 70, "NOT_RUNNING: batch:batch");
    var stop = h.send("supervisor.stopProcess", "web:web", true);
    h.exitSignalled();
    assertThat(h.answer(stop)).isEqualTo(true);
    assertFault(call("supervisor.stopProcess", "web:web"), 70, "NOT_RUNNING: web:web");
  }

  @Test
  void startProcess_waitAnswersOnlyOnceRunning_noWaitAtOnce() throws Exception {
    var reply = h.send("supervisor.startProcess", "worker:worker_00");
    h.loop.runUntilIdle();
    assertThat(reply).isNotDone();
    assertThat(state("worker:worker_00")).isEqualTo(ProcessState.STARTING);
    h.loop.advance(Duration.ofSeconds(1));
    assertThat(h.answer(reply)).isEqualTo(true);
    assertThat(state("worker:worker_00")).isEqualTo(ProcessState.RUNNING);

    assertThat(call("supervisor.stopProcess", "worker:worker_00", 0)).isEqualTo(true);
    assertThat(state("worker:worker_00")).isEqualTo(ProcessState.STOPPING);
    h.exitSignalled();
    assertThat(call("supervisor.startProcess", "worker:worker_00", false)).isEqualTo(true);
    assertThat(state("worker:worker_00")).isEqualTo(ProcessState.STARTING);
  }

  @Test
  void startProcess_groupStar_delegatesToGroupWithResultStructs() throws Exception {
    var reply = h.send("supervisor.startProcess", "worker:*");
    h.loop.advance(Duration.ofSeconds(1));
    assertThat(h.answer(reply)).isEqualTo(List.of(
        Map.of("name", "worker_00", "group", "worker", "status", 80, "description", "OK"),
        Map.of("name", "worker_01", "group", "worker", "status", 80, "description", "OK")));
    assertThat(call("supervisor.startProcessGroup", "worker")).isEqualTo(List.of()); // all running now

    var stopAll = h.send("supervisor.stopAllProcesses");
    h.exitSignalled();
    assertThat(Rpc.list(h.answer(stopAll))).hasSize(3); // web and both workers; batch is FATAL

    assertThat(Rpc.list(call("supervisor.startAllProcesses", false))).hasSize(4);
    var stopGroup = h.send("supervisor.stopProcess", "worker:");
    h.exitSignalled();
    assertThat(Rpc.list(h.answer(stopGroup))).hasSize(2);
  }

  @Test
  void signals_byNameOrNumber_andBadSignal() throws Exception {
    assertThat(call("supervisor.signalProcess", "web", "HUP")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "web", "sigusr1")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "web", "15")).isEqualTo(true);
    assertThat(call("supervisor.signalProcess", "web", 9)).isEqualTo(true);
    assertThat(h.launcher.last("web").signals()).extracting(FakeChild.Sent::signal).containsExactly(1, 10, 15, 9);
    assertFault(call("supervisor.signalProcess", "web", "NOPE"), 11, "BAD_SIGNAL: NOPE");
    assertFault(call("supervisor.signalProcess", "web", 99), 11, "BAD_SIGNAL: 99");
    assertFault(call("supervisor.signalProcess", "nosuch", "NOPE"), 10, "BAD_NAME: nosuch");
    assertFault(call("supervisor.signalProcess", "batch", "HUP"), 70, "NOT_RUNNING: batch");
  }

  @Test
  void signalGroupAndAll_badSignal_resultPerSignallableMember() throws Exception {
    Map<String, Object> web = Map.of("name", "web", "group", "web", "status", 11, "description", "BAD_SIGNAL: NOPE");
    assertThat(call("supervisor.signalProcessGroup", "web", "NOPE")).isEqualTo(List.of(web));
    assertThat(call("supervisor.signalProcessGroup", "worker", "NOPE")).isEqualTo(List.of());
    assertThat(call("supervisor.signalAllProcesses", "NOPE")).isEqualTo(List.of(web));
    assertThat(call("supervisor.signalProcess", "worker:*", "HUP")).isEqualTo(List.of());
    assertThat(call("supervisor.signalAllProcesses", "1")).isEqualTo(List.of(
        Map.of("name", "web", "group", "web", "status", 80, "description", "OK")));
    assertThat(h.launcher.last("web").signals()).extracting(FakeChild.Sent::signal).containsExactly(1);
  }

  @Test
  void groups_addRemove_faults() throws Exception {
    GroupSpec extra = GroupSpec.single(RpcHarness.spec("extra").autostart(false).build());
    h.daemon.configured = List.of(RpcHarness.WEB, RpcHarness.WORKER, RpcHarness.BATCH, extra);
    assertFault(call("supervisor.addProcessGroup", "web"), 90, "ALREADY_ADDED: web");
    assertThat(call("supervisor.addProcessGroup", "extra")).isEqualTo(true);
    assertThat(h.supervisor.snapshot().group("extra")).isPresent();
    assertFault(call("supervisor.removeProcessGroup", "web"), 91, "STILL_RUNNING: web");
    assertThat(call("supervisor.removeProcessGroup", "extra")).isEqualTo(true);
    assertThat(h.supervisor.snapshot().group("extra")).isEmpty();
  }

  @Test
  void reloadConfig_reportsAddedChangedRemoved_orCantReread() throws Exception {
    GroupSpec extra = GroupSpec.single(ProcessSpec.builder("extra", "/bin/true").build());
    GroupSpec web2 = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 31").build());
    h.daemon.onReread = List.of(extra, web2, RpcHarness.WORKER);
    assertThat(call("supervisor.reloadConfig")).isEqualTo(List.of(List.of(List.of("extra"), List.of("web"), List.of("batch"))));
    h.daemon.rereadError = "File contains no section headers.";
    assertFault(call("supervisor.reloadConfig"), 92, "CANT_REREAD: File contains no section headers.");
  }

  @Test
  void mainLog_missingOrBadArguments_faults() throws Exception {
    assertFault(call("supervisor.readLog", 0, 0), 20, "NO_FILE");
    assertFault(call("supervisor.clearLog"), 20, "NO_FILE");
    h.daemon.mainLog = tmp.resolve("supervisord.log");
    assertFault(call("supervisor.readMainLog", 0, 0), 20, "NO_FILE: " + h.daemon.mainLog);
    Files.writeString(h.daemon.mainLog, "hello\n");
    assertFault(call("supervisor.readLog", -1, 5), 3, "BAD_ARGUMENTS");
    assertFault(call("supervisor.readLog", 0, -5), 3, "BAD_ARGUMENTS");
    h.daemon.clearFails = true;
    assertFault(call("supervisor.clearLog"), 30, "FAILED");
    h.daemon.clearFails = false;
    assertThat(call("supervisor.clearLog")).isEqualTo(true);
    assertThat(Files.size(h.daemon.mainLog)).isZero();
  }

  private GroupSpec logged(Path log) {
    return GroupSpec.single(ProcessSpec.builder("logged", "/bin/sleep 30").autostart(false)
        .stdout(new LogSpec(List.of(new LogTarget.File(log)), 0, 0, 0, false, false)).stderr(LogSpec.NONE).build());
  }

  @Test
  void processLogs_noneOrMissing_faultsAndEmptyTail() throws Exception {
    assertFault(call("supervisor.readProcessStdoutLog", "web", 0, 0), 20, "NO_FILE");
    assertFault(call("supervisor.readProcessStderrLog", "web", 0, 0), 20, "NO_FILE");
    Path log = tmp.resolve("logged.log");
    RpcHarness x = new RpcHarness(logged(log));
    assertThat(x.call("supervisor.readProcessLog", "logged", 0, 0)).isEqualTo(new FaultResponse(20, "NO_FILE: " + log));
    assertThat(x.call("supervisor.tailProcessStdoutLog", "logged", 0, 100)).isEqualTo(List.of("", 0, false));
    assertThat(x.call("supervisor.tailProcessLog", "logged", 0, 100)).isEqualTo(List.of("", 0, false));
    assertThat(x.call("supervisor.tailProcessStderrLog", "logged", 0, 100)).isEqualTo(List.of("", 0, false));
    Files.writeString(log, "x");
    assertThat(x.call("supervisor.readProcessStdoutLog", "logged", -10, 3)).isEqualTo(new FaultResponse(3, "BAD_ARGUMENTS"));
  }

  @Test
  void clearProcessLogs_failure_failedWithName() throws Exception {
    assertThat(call("supervisor.clearProcessLogs", "web")).isEqualTo(true);
    Path log = tmp.resolve("logged.log");
    RpcHarness x = new RpcHarness(logged(log));
    assertThat(x.call("supervisor.startProcess", "logged", false)).isEqualTo(true);
    // the open log file is replaced by a non-empty directory: deleting it fails
    Files.delete(log);
    Files.createDirectories(log.resolve("inside"));
    assertThat(x.call("supervisor.clearProcessLog", "logged")).isEqualTo(new FaultResponse(30, "FAILED: logged"));
    assertThat(Rpc.list(call("supervisor.clearAllProcessLogs"))).hasSize(4).first()
        .isEqualTo(Map.of("name", "batch", "group", "batch", "status", 80, "description", "OK"));
  }

  @Test
  void sendProcessStdin_passesUtf8_andMapsClosedStdin() throws Exception {
    FakeChild web = h.launcher.last("web");
    assertThat(call("supervisor.sendProcessStdin", "web", "h\u00e9llo\n")).isEqualTo(true);
    assertThat(web.stdinText()).isEqualTo("h\u00e9llo\n");
    web.closeStdin();
    assertFault(call("supervisor.sendProcessStdin", "web", "x"), 20, "NO_FILE: web");
    assertFault(call("supervisor.sendProcessStdin", "batch", "x"), 70, "NOT_RUNNING: batch");
  }

  @Test
  void sendRemoteCommEvent_reachesTheEngine_andValidatesArity() throws Exception {
    List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
    h.supervisor.addListener(events::add, Runnable::run);
    assertThat(call("supervisor.sendRemoteCommEvent", "t", "d")).isEqualTo(true);
    h.loop.runUntilIdle();
    assertThat(events).contains(new SupervisorEvent.RemoteCommunication("t", "d"));
    assertFault(call("supervisor.sendRemoteCommEvent", "t"), 2, "INCORRECT_PARAMETERS");
    assertFault(call("supervisor.sendRemoteCommEvent", "t", List.of()), 2, "INCORRECT_PARAMETERS");
  }

  @Test
  void unexpectedEngineError_failedFaultWithoutStackTrace() throws Exception {
    GroupSpec broken = GroupSpec.single(RpcHarness.spec("broken").dependsOn(List.of("nosuch")).build());
    h.daemon.configured = List.of(broken);
    var reply = h.send("supervisor.addProcessGroup", "broken");
    h.loop.runUntilIdle();
    byte[] body = reply.get();
    assertFault(Rpc.decode(body), 30,
        "FAILED: IllegalArgumentException: program 'broken' depends on 'nosuch', which is not a known program");
    assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("at dev.");
  }

  @Test
  void requestWithoutParamsAndUntypedValues_accepted() throws Exception {
    byte[] noParams = "<?xml version='1.0'?><methodCall><methodName>supervisor.getPID</methodName></methodCall>"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(h.answer(h.dispatcher.dispatch(noParams))).isEqualTo(4711);
    byte[] untyped = ("<?xml version='1.0'?><methodCall><methodName>supervisor.getProcessInfo</methodName>"
        + "<params><param><value>web</value></param></params></methodCall>").getBytes(StandardCharsets.UTF_8);
    assertThat(h.answer(h.dispatcher.dispatch(untyped))).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("name", "web");
  }
}
