package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Listener pools on fake time: sharing, buffering, the protocol, re-delivery and ticks. */
final class EventListenerPoolTest {

  private static GroupSpec pool(int buffer, Set<EventType> events, String... members) {
    List<ProcessSpec> specs = java.util.Arrays.stream(members)
        .map(m -> Harness.spec(m).program("listener").startsecs(Duration.ofSeconds(1)).build()).toList();
    return new GroupSpec("listener", -1, specs, Optional.of(new ListenerPoolSpec(events, buffer)));
  }

  private static GroupSpec prog() {
    return Harness.single(Harness.spec("prog").autostart(false).startsecs(Duration.ZERO));
  }

  /** Both listeners RUNNING and READY; their stdin holds nothing yet. */
  private static Harness ready(int buffer, Set<EventType> events) {
    Harness h = new Harness(pool(buffer, events, "l0", "l1"), prog()).start();
    h.launcher.last("listener:l0").emitStdout("READY\n");
    h.launcher.last("listener:l1").emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    return h;
  }

  /** One listener, l0, RUNNING and READY. */
  private static Harness oneReady(Set<EventType> events) {
    Harness h = new Harness(pool(10, events, "l0")).start();
    h.launcher.last("listener:l0").emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    return h;
  }

  private static String stdin(Harness h, String member) {
    return h.launcher.last("listener:" + member).stdinText();
  }

  @Test
  void eachEventGoesToOneReadyListenerOfThePool() {
    Harness h = ready(10, EnumSet.of(EventType.REMOTE_COMMUNICATION));
    h.supervisor.publishRemoteCommunication("a", "1");
    h.supervisor.publishRemoteCommunication("b", "2");
    h.supervisor.publishRemoteCommunication("c", "3");
    h.loop.runUntilIdle();
    String envelope = "ver:3.0 server:supervisor serial:%d pool:listener poolserial:%d "
        + "eventname:REMOTE_COMMUNICATION len:8\ntype:%s\n%s";
    assertThat(stdin(h, "l0")).isEqualTo(envelope.formatted(0, 0, "a", "1"));
    assertThat(stdin(h, "l1")).isEqualTo(envelope.formatted(1, 1, "b", "2"));
    h.launcher.last("listener:l1").emitStdout("RESULT 2\nOKREADY\n");
    h.loop.runUntilIdle();
    assertThat(stdin(h, "l1")).endsWith(envelope.formatted(2, 2, "c", "3"));
    assertThat(stdin(h, "l0")).isEqualTo(envelope.formatted(0, 0, "a", "1"));
  }

  @Test
  void theListenersOwnStateChangesAreEventsToo() {
    Harness h = ready(10, EnumSet.of(EventType.PROCESS_STATE));
    assertThat(stdin(h, "l0")).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:PROCESS_STATE_STARTING len:60\nprocessname:l0 groupname:listener from_state:STOPPED tries:0");
    assertThat(stdin(h, "l1")).isEqualTo("ver:3.0 server:supervisor serial:1 pool:listener poolserial:1 "
        + "eventname:PROCESS_STATE_STARTING len:60\nprocessname:l1 groupname:listener from_state:STOPPED tries:0");
  }

  @Test
  void serialsCountOnlyAcceptedEvents_poolSerialsPerPool() {
    Harness h = oneReady(EnumSet.of(EventType.REMOTE_COMMUNICATION));
    h.supervisor.publishRemoteCommunication("t", "héllo");
    h.loop.runUntilIdle();
    assertThat(stdin(h, "l0")).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:REMOTE_COMMUNICATION len:12\ntype:t\nhéllo");
  }

  @Test
  void nothingIsSentBeforeTheListenerIsRunning_thenTheBufferedEventsInOrder() {
    Harness h = new Harness(pool(10, EnumSet.of(EventType.REMOTE_COMMUNICATION), "l0")).start();
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("READY\n");
    h.supervisor.publishRemoteCommunication("a", "1");
    h.supervisor.publishRemoteCommunication("b", "2");
    h.advance(Duration.ofMillis(999));
    assertThat(l0.stdinText()).isEmpty();
    h.advance(Duration.ofMillis(1));
    assertThat(l0.stdinText()).endsWith("serial:0 pool:listener poolserial:0 eventname:REMOTE_COMMUNICATION len:8\ntype:a\n1");
    l0.emitStdout("RESULT 2\nOKREADY\n");
    h.loop.runUntilIdle();
    assertThat(l0.stdinText()).endsWith("serial:1 pool:listener poolserial:1 eventname:REMOTE_COMMUNICATION len:8\ntype:b\n2");
  }

  @Test
  void aSupervisorGivenTheSameSerialCounter_goesOnCounting_asAfterSupervisordsReload() {
    java.util.concurrent.atomic.AtomicLong serials = new java.util.concurrent.atomic.AtomicLong(-1);
    for (int generation = 0; generation < 2; generation++) {
      Harness h = new Harness(0, b -> b.eventSerials(serials),
          pool(10, EnumSet.of(EventType.REMOTE_COMMUNICATION), "l0")).start();
      FakeChild l0 = h.launcher.last("listener:l0");
      l0.emitStdout("READY\n");
      h.advance(Duration.ofSeconds(1));
      h.supervisor.publishRemoteCommunication("a", "1");
      h.loop.runUntilIdle();
      assertThat(l0.stdinText()).as("generation %d", generation)
          .startsWith("ver:3.0 server:supervisor serial:" + generation + " pool:listener poolserial:0 ");
    }
    assertThat(serials.get()).isEqualTo(1);
  }

  @Test
  void aRejectedEventIsSentAgain_withTheSameSerials() {
    Harness h = oneReady(EnumSet.of(EventType.REMOTE_COMMUNICATION));
    FakeChild l0 = h.launcher.last("listener:l0");
    h.supervisor.publishRemoteCommunication("a", "1");
    h.supervisor.publishRemoteCommunication("b", "2");
    h.loop.runUntilIdle();
    l0.emitStdout("RESULT 4\nFA");
    h.loop.runUntilIdle();
    l0.emitStdout("ILREADY\n");
    h.loop.runUntilIdle();
    String header = "ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 eventname:REMOTE_COMMUNICATION len:8\ntype:a\n1";
    assertThat(l0.stdinText()).isEqualTo(header + header);
    assertThat(h.log.important()).contains("WARN l0: event was rejected");
  }

  @Test
  void aFullBufferDropsItsOldestEvent() {
    Harness h = new Harness(pool(2, EnumSet.of(EventType.REMOTE_COMMUNICATION), "l0")).start();
    for (String t : List.of("a", "b", "c")) {
      h.supervisor.publishRemoteCommunication(t, "");
    }
    h.loop.runUntilIdle();
    assertThat(h.log.important()).contains("ERRO pool listener event buffer overflowed, discarding event 0");
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    assertThat(l0.stdinText()).contains("serial:1 ").contains("type:b");
  }

  @Test
  void anEventHeldByAListenerThatDies_goesToTheOtherListener() {
    Harness h = ready(10, EnumSet.of(EventType.REMOTE_COMMUNICATION));
    h.supervisor.publishRemoteCommunication("a", "1");
    h.loop.runUntilIdle();
    assertThat(stdin(h, "l0")).contains("type:a\n1");
    h.launcher.last("listener:l0").exit(1);
    h.loop.runUntilIdle();
    assertThat(stdin(h, "l1")).isEqualTo(
        "ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 eventname:REMOTE_COMMUNICATION len:8\ntype:a\n1");
  }

  @Test
  void aProtocolViolationMakesTheListenerUnknown_andDeaf() {
    Harness h = new Harness(pool(10, EnumSet.of(EventType.REMOTE_COMMUNICATION), "l0")).start();
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("HELLO!\n");
    h.advance(Duration.ofSeconds(1));
    h.supervisor.publishRemoteCommunication("a", "1");
    l0.emitStdout("READY\n");
    h.loop.runUntilIdle();
    assertThat(l0.stdinText()).isEmpty();
    assertThat(h.log.important()).contains("WARN l0: has entered the UNKNOWN state and will no longer receive "
        + "events, this usually indicates the process violated the eventlistener protocol");
  }

  @Test
  void aBadResultLine_rebuffersTheEvent_andTheRestartedListenerGetsIt() {
    Harness h = oneReady(EnumSet.of(EventType.REMOTE_COMMUNICATION));
    FakeChild first = h.launcher.last("listener:l0");
    h.supervisor.publishRemoteCommunication("a", "1");
    h.loop.runUntilIdle();
    first.emitStdout("RESULT x\n");
    h.loop.runUntilIdle();
    assertThat(h.log.important()).contains("WARN l0: bad result line: 'RESULT x'");
    h.done(h.supervisor.stop(ProcessName.parse("listener:l0"), false));
    first.exit(0);
    h.done(h.supervisor.start(ProcessName.parse("listener:l0"), false));
    FakeChild second = h.launcher.last("listener:l0");
    second.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    assertThat(second.stdinText()).contains("serial:0 pool:listener poolserial:0 ").endsWith("type:a\n1");
  }

  @Test
  void ticksAtPeriodBoundaries_notAtStartUp() {
    Harness h = new Harness(pool(10, EnumSet.of(EventType.TICK), "l0")).start();
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("READY\n");
    h.advance(Duration.ofMillis(4999));
    assertThat(l0.stdinText()).isEmpty();
    h.advance(Duration.ofMillis(1));
    long when = FakeTimeSource.WALL_START.getEpochSecond() + 5;
    assertThat(l0.stdinText()).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:TICK_5 len:15\nwhen:" + when);
    l0.emitStdout("RESULT 2\nOKREADY\n");
    h.advance(Duration.ofSeconds(55));
    assertThat(l0.stdinText()).contains("when:" + when + "ver:").endsWith("eventname:TICK_5 len:15\nwhen:" + (when + 5));
    assertThat(h.supervisor.snapshot().processes()).hasSize(1);
  }

  @Test
  void aPoolHearsOfItselfAndOfTheGroupsAfterIt() {
    Harness h = new Harness(pool(10, EnumSet.of(EventType.PROCESS_GROUP, EventType.SUPERVISOR_STATE_CHANGE), "l0"),
        prog()).start();
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    assertThat(l0.stdinText()).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:PROCESS_GROUP_ADDED len:19\ngroupname:listener\n");
    l0.emitStdout("RESULT 2\nOKREADY\n");
    h.loop.runUntilIdle();
    assertThat(l0.stdinText()).endsWith("serial:1 pool:listener poolserial:1 eventname:PROCESS_GROUP_ADDED len:15\n"
        + "groupname:prog\n");
    l0.emitStdout("RESULT 2\nOKREADY\n");
    h.loop.runUntilIdle();
    assertThat(l0.stdinText()).endsWith("eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n");
  }

  @Test
  void aPoolAddedLater_hearsOfItselfAndLaterGroups_andARemovedPoolNothingMore() {
    Harness h = new Harness(prog()).start();
    h.done(h.supervisor.addGroup(pool(10, EnumSet.of(EventType.PROCESS_GROUP), "l0")));
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    assertThat(l0.stdinText()).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:PROCESS_GROUP_ADDED len:19\ngroupname:listener\n");
    h.done(h.supervisor.stop(ProcessName.parse("listener:l0"), false));
    l0.exit(0);
    h.done(h.supervisor.removeGroup("listener"));
    h.done(h.supervisor.removeGroup("prog"));
    h.done(h.supervisor.addGroup(pool(10, EnumSet.of(EventType.PROCESS_GROUP), "l0")));
    FakeChild again = h.launcher.last("listener:l0");
    again.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    // a fresh pool: its own serial from 0; the global serial went on (nobody heard of prog's removal)
    assertThat(again.stdinText()).isEqualTo("ver:3.0 server:supervisor serial:1 pool:listener poolserial:0 "
        + "eventname:PROCESS_GROUP_ADDED len:19\ngroupname:listener\n");
  }

  @Test
  void aFloodingListener_becomesUnknown_withoutGrowingMemory() {
    Harness h = oneReady(EnumSet.of(EventType.REMOTE_COMMUNICATION));
    FakeChild l0 = h.launcher.last("listener:l0");
    h.supervisor.publishRemoteCommunication("a", "1");
    h.loop.runUntilIdle();
    l0.emitStdout("RESULT " + ListenerProtocol.MAX_RESULT + "\n"); // a legal, if huge, result follows
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i <= ListenerSlot.MAX_IN_FLIGHT / chunk.length; i++) {
      l0.request().stdout().write(chunk, 0, chunk.length); // the loop does not run meanwhile
    }
    h.loop.runUntilIdle();
    assertThat(h.log.important()).anyMatch(l -> l.startsWith("WARN l0: wrote more than"))
        .contains("WARN l0: has entered the UNKNOWN state and will no longer receive events, "
            + "this usually indicates the process violated the eventlistener protocol");
    assertThat(h.log.lines()).contains("DEBG rebuffering event 0 for pool listener (buf size=0, max=10)");
  }

  @Test
  void outputOfAProgramWithEventsEnabled_isAProcessLogEventPerChunk() {
    GroupSpec talker = Harness.single(Harness.spec("talker").autostart(false).startsecs(Duration.ZERO)
        .stdout(new LogSpec(java.util.List.of(), 0, 0, 0, true, false)));
    Harness h = new Harness(pool(10, EnumSet.of(EventType.PROCESS_LOG), "l0"), talker).start();
    FakeChild l0 = h.launcher.last("listener:l0");
    l0.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    h.done(h.supervisor.start(ProcessName.of("talker"), false));
    h.launcher.last("talker").emitStdout("hi\n");
    h.loop.runUntilIdle();
    assertThat(l0.stdinText()).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:PROCESS_LOG_STDOUT len:63\nprocessname:talker groupname:talker pid:1001 channel:stdout\nhi\n");
  }

  @Test
  void aListenersOwnStdout_isTheProtocol_notProcessLogEvents() {
    ProcessSpec l0 = Harness.spec("l0").program("listener").startsecs(Duration.ofSeconds(1))
        .stdout(new LogSpec(List.of(), 0, 0, 0, true, false)).build();
    Harness h = new Harness(new GroupSpec("listener", -1, List.of(l0), Optional.of(new ListenerPoolSpec(
        EnumSet.of(EventType.PROCESS_LOG, EventType.REMOTE_COMMUNICATION), 10)))).start();
    FakeChild child = h.launcher.last("listener:l0");
    child.emitStdout("READY\n");
    h.advance(Duration.ofSeconds(1));
    h.supervisor.publishRemoteCommunication("a", "1");
    h.loop.runUntilIdle();
    child.emitStdout("RESULT 2\nOKREADY\n");
    h.loop.runUntilIdle();
    assertThat(child.stdinText()).isEqualTo("ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 "
        + "eventname:REMOTE_COMMUNICATION len:8\ntype:a\n1");
  }

  private static int countEnvelopes(String s) {
    return s.split("ver:3\\.0 ", -1).length - 1;
  }
}
