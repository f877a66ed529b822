package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.rpc.Rpc.FaultResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** listMethods, methodHelp, methodSignature (against supervisord 4.2.5's output) and multicall. */
final class SystemNamespaceTest {
  final RpcHarness h = new RpcHarness(RpcHarness.WEB);

  /** system.methodSignature of every method, as printed by supervisord 4.2.5's own code. */
  static final Map<String, List<String>> PYTHON_SIGNATURES = new LinkedHashMap<>();

  static {
    String[] rows = {
        "supervisor.addProcessGroup boolean string", "supervisor.clearAllProcessLogs array",
        "supervisor.clearLog boolean", "supervisor.clearProcessLog boolean string",
        "supervisor.clearProcessLogs boolean string", "supervisor.getAPIVersion string",
        "supervisor.getAllConfigInfo array", "supervisor.getAllProcessInfo array",
        "supervisor.getIdentification string", "supervisor.getPID int",
        "supervisor.getProcessInfo struct string", "supervisor.getState struct",
        "supervisor.getSupervisorVersion string", "supervisor.getVersion string",
        "supervisor.readLog string int int", "supervisor.readMainLog string int int",
        "supervisor.readProcessLog string string int int", "supervisor.readProcessStderrLog string string int int",
        "supervisor.readProcessStdoutLog string string int int", "supervisor.reloadConfig array",
        "supervisor.removeProcessGroup boolean string", "supervisor.restart boolean",
        "supervisor.sendProcessStdin boolean string string", "supervisor.sendRemoteCommEvent boolean string string",
        "supervisor.shutdown boolean", "supervisor.signalAllProcesses array string",
        "supervisor.signalProcess boolean string string", "supervisor.signalProcessGroup array string string",
        "supervisor.startAllProcesses array boolean", "supervisor.startProcess boolean string boolean",
        "supervisor.startProcessGroup array string boolean", "supervisor.stopAllProcesses array boolean",
        "supervisor.stopProcess boolean string boolean", "supervisor.stopProcessGroup array string boolean",
        "supervisor.tailProcessLog array string int int", "supervisor.tailProcessStderrLog array string int int",
        "supervisor.tailProcessStdoutLog array string int int", "system.listMethods array",
        "system.methodHelp string string", "system.methodSignature array string", "system.multicall array array",
    };
    for (String row : rows) {
      List<String> parts = List.of(row.split(" "));
      PYTHON_SIGNATURES.put(parts.get(0), parts.subList(1, parts.size()));
    }
  }

  Object call(String method, Object... params) throws Exception {
    return h.call(method, params);
  }

  @Test
  void listMethods_all41NamesSorted() throws Exception {
    assertThat(call("system.listMethods")).isEqualTo(List.copyOf(PYTHON_SIGNATURES.keySet()));
  }

  @Test
  void methodSignature_everyMethod_equalsSupervisords() throws Exception {
    for (Map.Entry<String, List<String>> e : PYTHON_SIGNATURES.entrySet()) {
      assertThat(call("system.methodSignature", e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void introspection_unknownMethod_signatureUnsupported() throws Exception {
    assertThat(call("system.methodSignature", "supervisor.nosuch")).isEqualTo(new FaultResponse(4, "SIGNATURE_UNSUPPORTED"));
    assertThat(call("system.methodHelp", "nosuch")).isEqualTo(new FaultResponse(4, "SIGNATURE_UNSUPPORTED"));
  }

  @Test
  void methodHelp_aliasSharesText_andDocumentsParams() throws Exception {
    String help = (String) call("system.methodHelp", "supervisor.startProcess");
    assertThat(help).contains("@param string name", "@param boolean wait", "@return boolean");
    assertThat(call("system.methodHelp", "supervisor.getVersion")).isEqualTo(call("system.methodHelp", "supervisor.getAPIVersion"));
  }

  @Test
  void multicall_successAndFaults_bareResultsAndFaultStructs() throws Exception {
    Object out = call("system.multicall", List.of(
        Map.of("methodName", "supervisor.getPID", "params", List.of()),
        Map.of("methodName", "supervisor.getProcessInfo", "params", List.of("nosuch")),
        Map.of("methodName", "supervisor.signalProcess", "params", List.of("web", "HUP")),
        Map.of("methodName", "supervisor.getAPIVersion")));
    assertThat(out).isEqualTo(List.of(4711, Map.of("faultCode", 10, "faultString", "BAD_NAME: nosuch"), true, "3.0"));
  }

  @Test
  void multicall_recursionOrMissingName_incorrectParameters() throws Exception {
    Object out = call("system.multicall", List.of(
        Map.of("methodName", "system.multicall", "params", List.of(List.of())),
        Map.of("params", List.of()),
        Map.of("methodName", "supervisor.nosuch"),
        Map.of("methodName", "supervisor.getState", "params", "notalist"),
        "notastruct"));
    assertThat(out).isEqualTo(List.of(
        Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"),
        Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS: No methodName"),
        Map.of("faultCode", 1, "faultString", "UNKNOWN_METHOD"),
        Map.of("faultCode", 2, "faultString", "INCORRECT_PARAMETERS"),
        Map.of("faultCode", 30, "faultString", "FAILED: a call must be a struct {methodName, params}")));
  }

  @Test
  void multicall_notAnArray_incorrectParameters() throws Exception {
    assertThat(call("system.multicall", "x")).isEqualTo(new FaultResponse(2, "INCORRECT_PARAMETERS"));
    assertThat(call("system.multicall", List.of())).isEqualTo(List.of());
  }
}
