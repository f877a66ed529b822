package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.SupervisorEvent.ProcessStateChanged;
import org.junit.jupiter.api.Test;

/** Payloads as supervisord 4.2.5 renders them (events.py). */
final class EventNotificationTest {
  private static final ProcessName X = new ProcessName("grp", "x");

  private static String payload(SupervisorEvent e) {
    return EventNotification.of(e).orElseThrow().payload();
  }

  private static String state(ProcessState from, ProcessState to, boolean expected, int pid, int tries) {
    EventNotification n = EventNotification.of(new ProcessStateChanged(X, from, to, expected, pid, tries)).orElseThrow();
    assertThat(n.type().name()).isEqualTo("PROCESS_STATE_" + to.name());
    return n.payload();
  }

  @Test
  void processStates() {
    String p = "processname:x groupname:grp from_state:";
    assertThat(state(ProcessState.STOPPED, ProcessState.STARTING, false, 0, 0)).isEqualTo(p + "STOPPED tries:0");
    assertThat(state(ProcessState.STARTING, ProcessState.RUNNING, false, 42, 0)).isEqualTo(p + "STARTING pid:42");
    assertThat(state(ProcessState.STARTING, ProcessState.BACKOFF, false, 42, 2)).isEqualTo(p + "STARTING tries:2");
    assertThat(state(ProcessState.RUNNING, ProcessState.STOPPING, false, 42, 0)).isEqualTo(p + "RUNNING pid:42");
    assertThat(state(ProcessState.RUNNING, ProcessState.EXITED, true, 42, 0)).isEqualTo(p + "RUNNING expected:1 pid:42");
    assertThat(state(ProcessState.RUNNING, ProcessState.EXITED, false, 42, 0)).isEqualTo(p + "RUNNING expected:0 pid:42");
    assertThat(state(ProcessState.STOPPING, ProcessState.STOPPED, false, 42, 0)).isEqualTo(p + "STOPPING pid:42");
    assertThat(state(ProcessState.BACKOFF, ProcessState.FATAL, false, 0, 0)).isEqualTo(p + "BACKOFF");
    assertThat(state(ProcessState.STOPPING, ProcessState.UNKNOWN, false, 42, 0)).isEqualTo(p + "STOPPING");
  }

  @Test
  void groupsRemoteCommunicationAndSupervisorStates() {
    assertThat(payload(new SupervisorEvent.GroupAdded("g"))).isEqualTo("groupname:g\n");
    assertThat(payload(new SupervisorEvent.GroupRemoved("g"))).isEqualTo("groupname:g\n");
    assertThat(payload(new SupervisorEvent.RemoteCommunication("t", "d\n"))).isEqualTo("type:t\nd\n");
    assertThat(EventNotification.of(new SupervisorEvent.SupervisorStateChanged(
        SupervisorState.RESTARTING, SupervisorState.RUNNING)).orElseThrow())
        .isEqualTo(new EventNotification(EventType.SUPERVISOR_STATE_CHANGE_RUNNING, ""));
    assertThat(EventNotification.of(new SupervisorEvent.SupervisorStateChanged(
        SupervisorState.RUNNING, SupervisorState.SHUTDOWN)).orElseThrow())
        .isEqualTo(new EventNotification(EventType.SUPERVISOR_STATE_CHANGE_STOPPING, ""));
  }

  @Test
  void processLog_decodedOrPythonsReprOfUndecodableBytes() {
    EventNotification out = EventNotification.of(new SupervisorEvent.ProcessOutput(X, Channel.STDOUT, 42,
        "é\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).orElseThrow();
    assertThat(out.type()).isEqualTo(EventType.PROCESS_LOG_STDOUT);
    assertThat(out.payload()).isEqualTo("processname:x groupname:grp pid:42 channel:stdout\né\n");
    EventNotification err = EventNotification.of(new SupervisorEvent.ProcessOutput(X, Channel.STDERR, 42,
        new byte[] {'a', '\'', 'b', 0, (byte) 0xe9, '\n'})).orElseThrow();
    assertThat(err.type()).isEqualTo(EventType.PROCESS_LOG_STDERR);
    assertThat(err.payload()).isEqualTo("processname:x groupname:grp pid:42 channel:stderr\n"
        + "Undecodable: b\"a'b\\x00\\xe9\\n\"");
    assertThat(PythonText.bytesRepr(new byte[] {'"', 'x', '\''})).isEqualTo("b'\"x\\''");
  }

  @Test
  void abstractTypesSubscribeToWhatIsBelowThem() {
    assertThat(EventType.PROCESS_STATE_EXITED.isA(EventType.PROCESS_STATE)).isTrue();
    assertThat(EventType.PROCESS_STATE_EXITED.isA(EventType.EVENT)).isTrue();
    assertThat(EventType.TICK_5.isA(EventType.PROCESS_STATE)).isFalse();
    assertThat(EventType.byName(" tick_60 ")).contains(EventType.TICK_60);
    assertThat(EventType.byName("TOCK")).isEmpty();
  }
}
