package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon jar under hostile clients and starved resources: each scenario attacks it for a
 * bounded time with bounded counts, asserts the control plane answers within {@link #ANSWER}
 * meanwhile, and that descriptors, threads and memory come back to their baseline afterwards.
 * Figures go to stdout ({@code [reliability] ...}) for the record.
 */
@Tag("integration")
@Tag("reliability")
final class ReliabilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** The longest a getState may take while the daemon is under attack. */
  private static final long ANSWER_MILLIS = 2000;
  /** Descriptors and threads a daemon may hold beyond its baseline once an attack is over. */
  private static final long SLACK = 6;

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void hundredSlowUnixClientsThatLeave_giveBackEveryThreadAndDescriptor() throws Exception {
    try (DaemonProcess d = DaemonProcess.java(dir, DaemonProcess.writeConfig(dir, ""))) {
      DaemonGauges g = new DaemonGauges(d.pid());
      Baseline before = settle(d, g);

      List<SocketChannel> clients = new ArrayList<>();
      String head = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Len";
      for (int i = 0; i < 100; i++) {
        clients.add(SocketChannel.open(UnixDomainSocketAddress.of(d.socket)));
      }
      for (int part = 0; part < 3; part++) { // a few header bytes at a time, slowly
        for (SocketChannel c : clients) {
          c.write(ByteBuffer.wrap(head.substring(part * 10, part * 10 + 10).getBytes(StandardCharsets.US_ASCII)));
        }
        assertAnswersQuickly(d);
        Thread.sleep(300);
      }
      String during = g.describe();
      for (SocketChannel c : clients) {
        c.close(); // gone mid-request
      }

      long fds = DaemonGauges.awaitAtMost(g::fds, before.fds + SLACK, 15);
      long threads = DaemonGauges.awaitAtMost(g::threads, before.threads + SLACK, 15);
      report("100 slow unix clients", before, during, g);
      assertThat(fds).isLessThanOrEqualTo(before.fds + SLACK);
      assertThat(threads).isLessThanOrEqualTo(before.threads + SLACK);
      assertAnswersQuickly(d);
    }
  }

  @Test
  @Timeout(90)
  void departedTailClients_andAHundredTailsOnAFloodingProgram_costBoundedMemoryAndLeaveNothing() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:quiet]",
        "command=/bin/sh -c 'echo hello; exec sleep 1000'",
        "startsecs=0",
        "[program:flood]",
        "command=/usr/bin/yes flooding-line-of-output-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "startsecs=0",
        "autostart=false",
        "stdout_logfile_maxbytes=50MB",
        "stdout_logfile_backups=1",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("quiet", "RUNNING", WAIT);
      DaemonGauges g = new DaemonGauges(d.pid());
      Baseline before = settle(d, g);

      // 20 tails of a quiet log and of the main log that hang up
      List<SocketChannel> tails = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tails.add(tail(d, i % 2 == 0 ? "/logtail/quiet" : "/mainlogtail"));
      }
      assertThat(g.readersOn("quiet-stdout") + g.readersOn("supervisord.log")).isGreaterThanOrEqualTo(20);
      for (SocketChannel t : tails) {
        t.close();
      }
      long leftOpen = DaemonGauges.awaitAtMost(() -> g.readersOn("quiet-stdout") + g.readersOn("supervisord.log"), 0, 10);
      assertThat(leftOpen).as("log handles after 20 tails hung up").isZero();

      // 100 tails of a program writing as fast as it can, half of them never reading
      assertThat(d.ctl("start", "flood").output()).contains("flood: started");
      tails.clear();
      for (int i = 0; i < 100; i++) {
        tails.add(tail(d, "/logtail/flood"));
      }
      ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      long peakRss = 0;
      while (System.nanoTime() - deadline < 0) {
        for (int i = 0; i < tails.size(); i += 2) { // the readers
          sink.clear();
          tails.get(i).configureBlocking(false);
          tails.get(i).read(sink);
        }
        peakRss = Math.max(peakRss, g.rssMib());
        assertAnswersQuickly(d);
      }
      String during = g.describe();
      for (SocketChannel t : tails) {
        t.close();
      }
      assertThat(d.ctl("stop", "flood").output()).contains("flood: stopped");
      long fds = DaemonGauges.awaitAtMost(g::fds, before.fds + SLACK, 15);
      report("20 departed tails + 100 tails on a flood (peak RSS " + peakRss + " MiB)", before, during, g);
      assertThat(fds).isLessThanOrEqualTo(before.fds + SLACK);
      assertThat(g.readersOn("flood-stdout")).isZero();
      assertThat(peakRss - before.rssMib).as("RSS growth under 100 tails of a flood").isLessThan(300);
    }
  }

  @Test
  @Timeout(60)
  void sendProcessStdin_toAChildThatNeverReads_answersAtOnce_thenFailsWhenItsBufferIsFull() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:mute]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("mute", "RUNNING", WAIT);
      DaemonGauges g = new DaemonGauges(d.pid());
      Baseline before = settle(d, g);
      String chunk = "x".repeat(256 * 1024);
      String fault = null;
      for (int i = 0; i < 12 && fault == null; i++) { // 3 MiB offered, the buffer holds 1 MiB
        long t0 = System.nanoTime();
        String answer = rpc(d, "supervisor.sendProcessStdin", "mute", chunk);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(millis).as("sendProcessStdin #%d answered in %d ms", i, millis).isLessThan(ANSWER_MILLIS);
        if (answer.contains("<fault>")) {
          fault = answer;
        } else {
          assertThat(answer).contains("<boolean>1</boolean>");
        }
        assertAnswersQuickly(d);
      }
      assertThat(fault).isNotNull().contains("<int>30</int>").contains("FAILED: mute: stdin buffer full (");
      report("sendProcessStdin to a non-reader", before, g.describe(), g);
      assertThat(d.ctl("status", "mute").output()).containsPattern("mute\\s+RUNNING");
      assertThat(g.rssMib() - before.rssMib).isLessThan(100);
    }
  }

  @Test
  @Timeout(90)
  void atTheDescriptorLimit_spawnsFailAsEmfile_rpcKeepsAnswering_andStartsWorkAgainOnceProgramsStop()
      throws Exception {
    StringBuilder programs = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      programs.append("[program:p").append(i).append("]\ncommand=/bin/sleep 1000\nstartsecs=0\nstartretries=0\n");
    }
    Path conf = DaemonProcess.writeConfig(dir, "minfds=64\n", programs.toString());
    // the test JVM's classpath alone holds ~80 descriptors: 170 leaves room for a few programs
    try (DaemonProcess d = DaemonProcess.javaWithOpenFileLimit(dir, conf, 170)) {
      DaemonGauges g = new DaemonGauges(d.pid());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String status = "";
      while (System.nanoTime() - deadline < 0
          && (!status.contains("FATAL") || status.contains("BACKOFF") || status.contains("STARTING"))) {
        status = d.ctl("status").output();
        Thread.sleep(200);
      }
      for (int i = 0; i < 5; i++) {
        assertAnswersQuickly(d); // no spare descriptors for programs, still some for us
      }
      long running = status.lines().filter(l -> l.contains("RUNNING")).count();
      long fatal = status.lines().filter(l -> l.contains("FATAL")).count();
      String log = java.nio.file.Files.readString(dir.resolve("supervisord.log"));
      System.out.println("[reliability] ulimit -n 170, 40 programs: " + running + " RUNNING, " + fatal
          + " FATAL; " + g.describe());
      assertThat(running).isPositive();
      assertThat(fatal).isPositive();
      assertThat(running + fatal).isEqualTo(40);
      assertThat(log).containsPattern("INFO spawnerr: too many open files to spawn 'p\\d+'");
      assertThat(g.fds()).isLessThanOrEqualTo(170 - 16);

      String firstFatal = status.lines().filter(l -> l.contains("FATAL")).findFirst().orElseThrow().split("\\s+")[0];
      d.ctl("stop", "all");
      assertThat(d.ctl("start", firstFatal).output()).contains(firstFatal + ": started");
      assertAnswersQuickly(d);
    }
  }

  @Test
  @Timeout(90)
  void fullDisk_reportedOncePerEpisode_droppedBytesCounted_supervisingGoesOn() throws Exception {
    Path full = dir.resolve("full");
    java.nio.file.Files.createDirectories(full);
    org.junit.jupiter.api.Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", full.toString()) == 0,
        "needs root to mount a tiny tmpfs (ProcessLogTest covers the logic with an injected failing target)");
    try {
      Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
          "[program:writer]",
          "command=/bin/sh -c 'while :; do head -c 32768 /dev/zero | tr \"\\0\" x; echo; sleep 0.05; done'",
          "startsecs=0",
          "stdout_logfile=" + full.resolve("writer.log"),
          "stdout_logfile_maxbytes=0",
          ""));
      try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
        d.awaitState("writer", "RUNNING", WAIT);
        Path mainLog = dir.resolve("supervisord.log");
        String enospc = "error writing log of writer stdout (" + full.resolve("writer.log") + "): No space left on device";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0 && !java.nio.file.Files.readString(mainLog).contains(enospc)) {
          Thread.sleep(100);
        }
        for (int i = 0; i < 10; i++) { // a second more of writes into the full disk
          assertAnswersQuickly(d);
          Thread.sleep(100);
        }
        String log = java.nio.file.Files.readString(mainLog);
        assertThat(log.split(java.util.regex.Pattern.quote(enospc), -1)).as("ENOSPC lines in:\n" + log).hasSize(2);
        String metrics = get(d, "/metrics");
        assertThat(metrics).containsPattern("supervisor_log_dropped_bytes_total [1-9]");

        assertThat(d.ctl("clear", "writer").output()).contains("writer: cleared"); // space is free again
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0 && !java.nio.file.Files.readString(mainLog).contains("is written again")) {
          Thread.sleep(100);
        }
        assertThat(java.nio.file.Files.readString(mainLog))
            .containsPattern("WARN log of writer stdout \\(" + java.util.regex.Pattern.quote(full.resolve("writer.log").toString())
                + "\\) is written again; [1-9]\\d* bytes were dropped while it failed");
        assertThat(d.ctl("status", "writer").output()).containsPattern("writer\\s+RUNNING");
        System.out.println("[reliability] full disk: " + metrics.lines()
            .filter(l -> l.startsWith("supervisor_log_dropped_bytes_total")).findFirst().orElse("?"));
      }
    } finally {
      run("umount", "-l", full.toString());
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  /** A GET over the unix socket; the raw response. */
  private static String get(DaemonProcess d, String path) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(d.socket))) {
      writeAll(ch, ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      StringBuilder out = new StringBuilder();
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.append(StandardCharsets.UTF_8.decode(buf));
        buf.clear();
      }
      return out.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private record Baseline(long fds, long threads, long rssMib) {
    @Override
    public String toString() {
      return "fds " + fds + ", threads " + threads + ", RSS " + rssMib + " MiB";
    }
  }

  /** Warms the daemon's paths up (first-use allocations are not leaks), then reads its gauges. */
  private static Baseline settle(DaemonProcess d, DaemonGauges g) throws Exception {
    for (int i = 0; i < 3; i++) {
      assertAnswersQuickly(d);
    }
    Thread.sleep(500);
    return new Baseline(g.fds(), g.threads(), g.rssMib());
  }

  private static void report(String scenario, Baseline before, String during, DaemonGauges g) {
    System.out.println("[reliability] " + scenario + ": before " + before + "; during " + during
        + "; after " + g.describe());
  }

  private static void assertAnswersQuickly(DaemonProcess d) throws IOException {
    long t0 = System.nanoTime();
    String answer = rpc(d, "supervisor.getState");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(answer).contains("RUNNING");
    assertThat(millis).as("getState took %d ms", millis).isLessThan(ANSWER_MILLIS);
  }

  /** One XML-RPC call with string parameters over the unix socket; the raw response. */
  static String rpc(DaemonProcess d, String method, String... params) throws IOException {
    StringBuilder body = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (String p : params) {
      body.append("<param><value><string>").append(p).append("</string></value></param>");
    }
    body.append("</params></methodCall>");
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    String head = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: text/xml\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n";
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(d.socket))) {
      writeAll(ch, head.getBytes(StandardCharsets.US_ASCII));
      writeAll(ch, bytes);
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      StringBuilder out = new StringBuilder();
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.append(StandardCharsets.UTF_8.decode(buf));
        buf.clear();
        if (out.indexOf("</methodResponse>") >= 0) {
          break;
        }
      }
      return out.toString();
    }
  }

  private static void writeAll(SocketChannel ch, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /**
   * Opens a tail over the unix socket and reads its response head. A 404 is retried a few times: a
   * log rotating under a flood is briefly absent from its path (between the move and the new file).
   */
  private static SocketChannel tail(DaemonProcess d, String path) throws Exception {
    for (int attempt = 0; ; attempt++) {
      SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(d.socket));
      writeAll(ch, ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      ByteBuffer one = ByteBuffer.allocate(1);
      StringBuilder head = new StringBuilder();
      while (head.indexOf("\r\n\r\n") < 0) {
        one.clear();
        if (ch.read(one) < 0) {
          throw new IOException("tail " + path + " closed after: " + head);
        }
        head.append((char) one.get(0));
      }
      if (head.toString().startsWith("HTTP/1.1 404") && attempt < 5) {
        ch.close();
        Thread.sleep(20);
        continue;
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 200");
      return ch;
    }
  }
}
