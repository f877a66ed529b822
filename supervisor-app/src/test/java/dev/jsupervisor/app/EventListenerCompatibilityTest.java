package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same event-listener scenario under Python supervisord 4.2.5 and ours, recorded by two
 * listeners: {@code rec} (numprocs=2 sharing one pool, written from the protocol with the standard
 * library; it rejects one event once; it also hears a program's PROCESS_LOG and a capture-mode PROCESS_COMMUNICATION) and {@code cu} (Debian's {@code supervisor.childutils}
 * unchanged). Every envelope's header and payload must be the same, byte for byte, but for pids
 * (and so the {@code len} of a payload with a pid, which is checked against the payload instead).
 * The one expected difference is Python's: a rejection in pool {@code rec} is also re-buffered into
 * pool {@code cu} (same priority: 4.2.5's {@code handle_rejected} compares processes by priority),
 * so there {@code cu} receives that event twice; ours keeps it in its own pool.
 */
@Tag("integration")
final class EventListenerCompatibilityTest {
  private static final List<String> SCRIPTS = List.of("recorder.py", "childutils_listener.py", "send_comm.py");

  @TempDir Path pythonDir;
  @TempDir Path javaDir;

  /**
   * One recorded envelope. Where the payload has pids they are replaced by N, and the header's
   * {@code len} by {@code len:P} once it was checked to be the payload's length in characters.
   */
  record Envelope(String listener, String header, String payload) {
    long field(String name) {
      for (String token : header.split(" ")) {
        if (token.startsWith(name + ":")) {
          return Long.parseLong(token.substring(name.length() + 1));
        }
      }
      throw new AssertionError("no " + name + " in " + header);
    }

    String wire() {
      return header + "\n" + payload;
    }
  }

  @Test
  @Timeout(240)
  void sameEnvelopes_asPythonSupervisord() throws Exception {
    List<Envelope> python = run(pythonDir, true);
    List<Envelope> ours = run(javaDir, false);

    List<String> pythonRec = wires(python, "rec");
    assertThat(wires(ours, "rec")).containsExactlyElementsOf(pythonRec);
    assertThat(wires(ours, "cu")).containsExactlyElementsOf(withoutRepeats(wires(python, "cu")));

    for (List<Envelope> side : List.of(python, ours)) {
      // numprocs=2: both listeners got events, each event one listener (the rejected one twice)
      assertThat(side).anyMatch(e -> e.listener().equals("rec_0")).anyMatch(e -> e.listener().equals("rec_1"));
      assertThat(side.stream().filter(e -> e.listener().startsWith("rec_")).count()).isEqualTo(pythonRec.size());
    }
    assertThat(pythonRec).anyMatch(w -> w.contains("eventname:PROCESS_STATE_EXITED len:P\n"
        + "processname:quick groupname:quick from_state:RUNNING expected:0 pid:N"));
    assertThat(pythonRec).anyMatch(w -> w.contains("eventname:REMOTE_COMMUNICATION len:21\ntype:hello\né, ü and ✓"));
    assertThat(pythonRec).anyMatch(w -> w.contains("eventname:PROCESS_LOG_STDERR len:P\n"
        + "processname:talker groupname:talker pid:N channel:stderr\nerr-line\n"));
    assertThat(pythonRec).anyMatch(w -> w.contains("eventname:PROCESS_COMMUNICATION_STDOUT len:P\n"
        + "processname:pcomm groupname:pcomm pid:N\nhello comm"));
    assertThat(pythonRec).last().asString().contains("eventname:SUPERVISOR_STATE_CHANGE_STOPPING len:0");
  }

  private static List<Envelope> run(Path dir, boolean reference) throws Exception {
    for (String script : SCRIPTS) {
      try (InputStream in = EventListenerCompatibilityTest.class.getResourceAsStream("/events/" + script)) {
        Files.write(dir.resolve(script), in.readAllBytes());
      }
    }
    String python = "/usr/bin/python3 " + dir + "/";
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[eventlistener:rec]",
        "command=" + python + "recorder.py " + dir,
        "numprocs=2",
        "process_name=%(program_name)s_%(process_num)d",
        "events=PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,REMOTE_COMMUNICATION,PROCESS_LOG,PROCESS_COMMUNICATION",
        "buffer_size=50",
        "startsecs=1",
        "stopwaitsecs=1",
        "[eventlistener:cu]",
        "command=" + python + "childutils_listener.py " + dir,
        "events=PROCESS_STATE_EXITED,PROCESS_STATE_FATAL,REMOTE_COMMUNICATION",
        "startsecs=1",
        "[program:quick]",
        "command=/bin/sh -c \"sleep 1.5; exit 3\"",
        "startsecs=1",
        "autostart=false",
        "autorestart=false",
        "[program:failer]",
        "command=/bin/false",
        // supervisord checks startsecs before it reaps: a wide margin keeps its run free of a race
        "startsecs=3",
        "startretries=1",
        "autostart=false",
        "[program:talker]",
        // pauses keep supervisord's order of RUNNING, stdout and stderr free of races
        "command=/bin/sh -c \"sleep 0.3; echo out-line; sleep 0.3; echo err-line >&2; sleep 0.3\"",
        "startsecs=0",
        "autostart=false",
        "autorestart=false",
        "stdout_events_enabled=true",
        "stderr_events_enabled=true",
        "[program:pcomm]",
        "command=/bin/sh -c \"sleep 0.3; printf 'before\\\\n<!--XSUPERVISOR:BEGIN-->hello comm"
            + "<!--XSUPERVISOR:END-->after, and long enough to be logged\\\\n'; sleep 0.3\"",
        "startsecs=0",
        "autostart=false",
        "autorestart=false",
        "stdout_capture_maxbytes=1KB",
        "[program:sleeper]",
        "command=/bin/sleep 100",
        "startsecs=0",
        "autostart=false",
        ""));
    try (DaemonProcess d = reference ? DaemonProcess.python(dir, conf) : DaemonProcess.java(dir, conf)) {
      Duration t = Duration.ofSeconds(30);
      for (String l : List.of("rec:rec_0", "rec:rec_1", "cu")) {
        d.awaitState(l, "RUNNING", t);
      }
      for (String l : List.of("rec_0", "rec_1")) {
        assertThat(Files.readString(dir.resolve(l + ".ppid"))).as("$PPID of " + l).isEqualTo(Long.toString(d.pid()));
      }
      d.ctl("start", "quick");
      d.awaitState("quick", "EXITED", t);
      d.ctl("start", "failer");
      d.awaitState("failer", "FATAL", t);
      sendComm(dir, "reject", "reject-me please");
      awaitRecorded(dir, "reject-me please", 3); // rec twice (rejected once), cu at least once
      sendComm(dir, "hello", "é, ü and ✓");
      awaitRecorded(dir, "type:hello", 2);
      d.ctl("start", "sleeper");
      d.ctl("stop", "sleeper");
      awaitRecorded(dir, "processname:sleeper groupname:sleeper from_state:STOPPING", 1);
      d.ctl("start", "talker");
      d.awaitState("talker", "EXITED", t);
      awaitRecorded(dir, "processname:talker groupname:talker from_state:RUNNING expected:1", 1);
      d.ctl("start", "pcomm");
      d.awaitState("pcomm", "EXITED", t);
      awaitRecorded(dir, "processname:pcomm groupname:pcomm from_state:RUNNING expected:1", 1);
      d.ctl("shutdown");
      assertThat(d.awaitExit(t)).isZero();
    }
    return recorded(dir);
  }

  private static void sendComm(Path dir, String type, String data) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", dir.resolve("send_comm.py").toString(),
        dir.resolve("supervisor.sock").toString(), type, data).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** Waits until the listeners recorded {@code text} at least {@code times} times in all. */
  private static void awaitRecorded(Path dir, String text, int times) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      long n = recorded(dir).stream().filter(e -> e.payload().contains(text)).count();
      if (n >= times) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not recorded " + times + " times: " + text + " in " + recorded(dir));
      }
      Thread.sleep(100);
    }
  }

  private static List<Envelope> recorded(Path dir) throws Exception {
    List<Envelope> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.toString().endsWith(".events")).sorted().toList();
    }
    for (Path f : files) {
      String listener = f.getFileName().toString().replace(".events", "");
      for (String record : Files.readString(f).split("\0END\n")) {
        if (record.isEmpty()) {
          continue;
        }
        int nl = record.indexOf('\n');
        String header = record.substring(0, nl);
        String payload = record.substring(nl + 1);
        Envelope e = new Envelope(listener, header, payload);
        assertThat(e.field("len")).as(header).isEqualTo(payload.codePointCount(0, payload.length()));
        if (payload.matches("(?s).*pid:\\d.*")) {
          e = new Envelope(listener, header.replaceAll("len:\\d+", "len:P"), payload.replaceAll("pid:\\d+", "pid:N"));
        }
        out.add(e);
      }
    }
    return out;
  }

  /** A pool's envelopes in pool-serial order (a re-delivery right after the first delivery). */
  private static List<String> wires(List<Envelope> all, String pool) {
    return all.stream().filter(e -> e.header().contains(" pool:" + pool + " "))
        .sorted(Comparator.comparingLong((Envelope e) -> e.field("poolserial")))
        .map(Envelope::wire).toList();
  }

  private static List<String> withoutRepeats(List<String> wires) {
    List<String> out = new ArrayList<>();
    for (String w : wires) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(w)) {
        out.add(w);
      }
    }
    return out;
  }
}
