package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jsupervisor.core.log.LogFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output capture through the real engine: child stdout/stderr → POSIX launcher → ProcessLog files,
 * read back as an RPC client would with {@link LogFiles}; stdin, rotation, AUTO names, clearing
 * and reopening, and a 100 MB stream checked byte for byte.
 */
@Tag("integration")
final class SupervisorLogIntegrationTest {
  @TempDir
  Path logDir;
  private LiveFixture live;

  @BeforeEach
  void setUp() {
    live = new LiveFixture(logDir);
  }

  @AfterEach
  void tearDown() throws Exception {
    live.close();
  }

  private static ProcessSpec.Builder spec(String name, String command) {
    return ProcessSpec.builder(name, command).startsecs(Duration.ZERO).autorestart(RestartPolicy.NEVER)
        .stopwaitsecs(Duration.ofSeconds(5));
  }

  private static LogSpec fileLog(Path file, long maxbytes, int backups) {
    return new LogSpec(List.of(new LogTarget.File(file)), maxbytes, backups, 0, false, false);
  }

  @Test
  @Timeout(30)
  void sendStdin_toCat_appearsInItsStdoutLog() throws Exception {
    Supervisor s = live.start(spec("cat", "/bin/cat").build());
    live.awaitState("cat", ProcessState.RUNNING);

    s.sendStdin(ProcessName.of("cat"), "hello, cat\n".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    s.sendStdin(ProcessName.of("cat"), "second line\n".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

    assertThat(live.awaitLogContaining("cat", Channel.STDOUT, "second line\n")).isEqualTo("hello, cat\nsecond line\n");
    assertThat(live.log("cat", Channel.STDERR)).isEmpty();
  }

  @Test
  @Timeout(30)
  void sendStdin_oneMebibyte_arrivesIntactThroughCat() throws Exception {
    Supervisor s = live.start(spec("cat", "/bin/cat").build());
    live.awaitState("cat", ProcessState.RUNNING);
    byte[] data = new byte[1 << 20];
    new java.util.SplittableRandom(7).nextBytes(data);

    s.sendStdin(ProcessName.of("cat"), data).get(20, TimeUnit.SECONDS);

    Path file = live.logFile("cat", Channel.STDOUT);
    await().atMost(LiveFixture.WAIT).until(() -> Files.size(file) >= data.length);
    assertThat(LogFiles.read(file, 0, 0)).isEqualTo(data);
  }

  @Test
  @Timeout(30)
  void sendStdin_childClosedItsStdin_failsNoFile() throws Exception {
    Supervisor s = live.start(spec("deafcat", "/bin/sh -c 'exec 0<&-; echo closed; exec sleep 1000'").build());
    live.awaitLogContaining("deafcat", Channel.STDOUT, "closed");

    var result = s.sendStdin(ProcessName.of("deafcat"), "anyone?\n".getBytes(StandardCharsets.UTF_8));

    assertThat(result).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
        .isInstanceOf(ControlException.class)
        .satisfies(e -> assertThat(((ControlException) e).reason()).isEqualTo(ControlException.Reason.NO_FILE));
    assertThat(live.info("deafcat").state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  @Timeout(30)
  void sendStdin_afterTheProcessExited_failsNotRunning() throws Exception {
    Supervisor s = live.start(spec("gone", "/bin/true").build());
    live.awaitState("gone", ProcessState.EXITED);

    var result = s.sendStdin(ProcessName.of("gone"), "late\n".getBytes(StandardCharsets.UTF_8));

    assertThat(result).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
        .isInstanceOf(ControlException.class)
        .satisfies(e -> assertThat(((ControlException) e).reason()).isEqualTo(ControlException.Reason.NOT_RUNNING));
  }

  @Test
  @Timeout(30)
  void sendStdin_childNotReading_doesNotHoldUpLogChoresOfOthers() throws Exception {
    Supervisor s = live.start(spec("mute", "/bin/sleep 1000").build(), spec("cat", "/bin/cat").build());
    live.awaitState("mute", ProcessState.RUNNING);
    live.awaitState("cat", ProcessState.RUNNING);
    send(s, "one\n");
    live.awaitLogContaining("cat", Channel.STDOUT, "one\n");

    // More than a pipe holds: accepted at once (as supervisord), the rest waits in mute's buffer.
    s.sendStdin(ProcessName.of("mute"), new byte[1 << 20]).get(5, TimeUnit.SECONDS);
    s.clearLogs(ProcessName.of("cat")).get(5, TimeUnit.SECONDS);
    assertThat(live.log("cat", Channel.STDOUT)).isEmpty();
    send(s, "two\n");
    live.awaitLogContaining("cat", Channel.STDOUT, "two\n");
    s.stop(ProcessName.of("mute"), true).get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(30)
  void sendStdin_childNotReading_bufferFull_failsAtOnceWithFailed_andRunningGoesOn() throws Exception {
    Supervisor s = live.start(spec("mute", "/bin/sleep 1000").build());
    live.awaitState("mute", ProcessState.RUNNING);
    byte[] chunk = new byte[256 * 1024];
    ControlException refused = null;
    for (int i = 0; i < 20 && refused == null; i++) { // 5 MiB offered, the buffer holds 1 MiB
      try {
        s.sendStdin(ProcessName.of("mute"), chunk).get(2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        refused = (ControlException) e.getCause();
      }
    }

    assertThat(refused).isNotNull();
    assertThat(refused.reason()).isEqualTo(ControlException.Reason.FAILED);
    assertThat(refused.getMessage()).startsWith("FAILED: mute: stdin buffer full (").endsWith(" bytes not yet read)");
    assertThat(live.info("mute").state()).isEqualTo(ProcessState.RUNNING);
    s.stop(ProcessName.of("mute"), true).get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(30)
  void output_pastMaxbytes_rotatesIntoNumberedBackupsKeepingOnlyBackupsOfThem() throws Exception {
    Path file = logDir.resolve("rot.log");
    // Six 1000-byte bursts of "1"…"6", apart in time so that each burst is read on its own.
    String script = "for i in 1 2 3 4 5 6; do head -c 1000 /dev/zero | tr \"\\\\0\" $i; sleep 0.2; done";
    live.start(spec("rot", "/bin/sh -c '" + script + "'").stdout(fileLog(file, 1000, 3)).build());

    live.awaitState("rot", ProcessState.EXITED);

    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 6; i++) {
      expected.append(String.valueOf(i).repeat(1000));
    }
    assertThat(Files.exists(Path.of(file + ".4"))).isFalse();
    StringBuilder kept = new StringBuilder();
    for (int k = 3; k >= 1; k--) {
      Path backup = Path.of(file + "." + k);
      assertThat(Files.size(backup)).as("size of backup %d", k).isGreaterThanOrEqualTo(1000);
      kept.append(Files.readString(backup));
    }
    kept.append(Files.readString(file));
    assertThat(expected.toString()).endsWith(kept.toString());
    assertThat(Files.readString(Path.of(file + ".1"))).endsWith("6".repeat(1000));
    assertThat(live.logFile("rot", Channel.STDOUT)).isEqualTo(file);
  }

  @Test
  @Timeout(120)
  void output_100MiB_arrivesIntactInTheLog() throws Exception {
    // seq 1 N prints every number on its own line: deterministic, and loss or reordering of any
    // chunk changes the digest. N is the first count whose output is at least 100 MiB.
    long n = 12_885_413;
    Path file = logDir.resolve("big.log");
    live.start(spec("big", "/usr/bin/seq 1 " + n).stdout(fileLog(file, 0, 0)).build());
    MessageDigest want = MessageDigest.getInstance("SHA-256");
    long wantSize = 0;
    StringBuilder line = new StringBuilder(16);
    for (long i = 1; i <= n; i++) {
      line.setLength(0);
      byte[] b = line.append(i).append('\n').toString().getBytes(StandardCharsets.US_ASCII);
      want.update(b);
      wantSize += b.length;
    }

    live.awaitState("big", ProcessState.EXITED);

    assertThat(wantSize).isGreaterThanOrEqualTo(100L * 1024 * 1024);
    assertThat(live.info("big").exitstatus()).isZero();
    assertThat(Files.size(file)).isEqualTo(wantSize);
    assertThat(sha256(file)).isEqualTo(HexFormat.of().formatHex(want.digest()));
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  @Timeout(30)
  void redirectStderr_bothStreamsInTheStdoutLogInOrder() throws Exception {
    live.start(spec("mixed", "/bin/sh -c 'echo out1; echo err1 >&2; echo out2; echo err2 >&2'")
        .redirectStderr(true).build());

    live.awaitState("mixed", ProcessState.EXITED);

    assertThat(live.log("mixed", Channel.STDOUT)).isEqualTo("out1\nerr1\nout2\nerr2\n");
    assertThat(live.info("mixed").stderrLogfile()).isEmpty();
    assertThat(live.supervisor().logFile(ProcessName.of("mixed"), Channel.STDERR)).isEmpty();
    try (Stream<Path> files = Files.list(logDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("mixed-stdout---");
    }
  }

  @Test
  @Timeout(30)
  void autoLogs_namedAfterProcessChannelAndIdentifier_inChildLogDir_readableByTheOwnerOnly() throws Exception {
    live.start(b -> b.identifier("itest"), GroupSpec.single(
        spec("auto", "/bin/sh -c 'echo to-out; echo to-err >&2'").build()));

    live.awaitState("auto", ProcessState.EXITED);

    Path out = live.logFile("auto", Channel.STDOUT);
    Path err = live.logFile("auto", Channel.STDERR);
    assertThat(out.getParent()).isEqualTo(logDir);
    assertThat(err.getParent()).isEqualTo(logDir);
    assertThat(out.getFileName().toString()).matches("auto-stdout---itest-[a-z0-9_]{8}\\.log");
    assertThat(err.getFileName().toString()).matches("auto-stderr---itest-[a-z0-9_]{8}\\.log");
    assertThat(live.log("auto", Channel.STDOUT)).isEqualTo("to-out\n");
    assertThat(live.log("auto", Channel.STDERR)).isEqualTo("to-err\n");
    assertThat(live.info("auto").stdoutLogfile()).isEqualTo(out.toString());
    // as supervisord's mkstemp: captured output can hold secrets
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(err))).isEqualTo("rw-------");
  }

  @Test
  @Timeout(30)
  void clearLogs_runningProcess_emptiesTheFileAndLaterOutputLandsInIt() throws Exception {
    Supervisor s = live.start(spec("cat", "/bin/cat").build());
    live.awaitState("cat", ProcessState.RUNNING);
    send(s, "one\n");
    live.awaitLogContaining("cat", Channel.STDOUT, "one\n");

    s.clearLogs(ProcessName.of("cat")).get(10, TimeUnit.SECONDS);

    assertThat(live.log("cat", Channel.STDOUT)).isEmpty();
    send(s, "two\n");
    assertThat(live.awaitLogContaining("cat", Channel.STDOUT, "two\n")).isEqualTo("two\n");
  }

  @Test
  @Timeout(30)
  void reopenLogs_afterTheFileWasMoved_writesToANewFileAtThePath() throws Exception {
    Supervisor s = live.start(spec("cat", "/bin/cat").build());
    live.awaitState("cat", ProcessState.RUNNING);
    Path file = live.logFile("cat", Channel.STDOUT);
    Path moved = logDir.resolve("moved.log");
    send(s, "before\n");
    live.awaitLogContaining("cat", Channel.STDOUT, "before\n");

    Files.move(file, moved); // as logrotate does, before it sends SIGUSR2
    send(s, "still-old\n");
    await().atMost(LiveFixture.WAIT).until(() -> Files.readString(moved).contains("still-old"));
    s.reopenLogs();
    await().atMost(LiveFixture.WAIT).until(() -> Files.exists(file));
    send(s, "after\n");

    assertThat(live.awaitLogContaining("cat", Channel.STDOUT, "after\n")).isEqualTo("after\n");
    assertThat(Files.readString(moved)).isEqualTo("before\nstill-old\n");
  }

  private static void send(Supervisor s, String text) throws Exception {
    s.sendStdin(ProcessName.of("cat"), text.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
  }
}
