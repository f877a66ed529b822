package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.os.posix.UnixDatagramSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class ProcessLogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T10:00:05Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  private static LogSpec files(long maxbytes, int backups, Path... paths) {
    List<LogTarget> t = new ArrayList<>();
    for (Path p : paths) {
      t.add(new LogTarget.File(p));
    }
    return new LogSpec(t, maxbytes, backups, 0, false, false);
  }

  private static void write(ProcessLog log, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    log.write(b, 0, b.length);
  }

  private static String read(Path p) throws Exception {
    return Files.readString(p);
  }

  @Test
  void write_reachingMaxbytes_rotatesAndKeepsBackups() throws Exception {
    Path f = dir.resolve("a.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(10, 2, f))) {
      write(log, "0123456789");
      assertThat(read(f)).isEmpty();
      assertThat(read(dir.resolve("a.log.1"))).isEqualTo("0123456789");
      write(log, "abc");
      write(log, "defghijk"); // 11 bytes: a file may exceed maxbytes by one write
      assertThat(read(dir.resolve("a.log.1"))).isEqualTo("abcdefghijk");
      assertThat(read(dir.resolve("a.log.2"))).isEqualTo("0123456789");
      write(log, "ABCDEFGHIJ");
      assertThat(read(dir.resolve("a.log.1"))).isEqualTo("ABCDEFGHIJ");
      assertThat(read(dir.resolve("a.log.2"))).isEqualTo("abcdefghijk");
      assertThat(dir.resolve("a.log.3")).doesNotExist();
      write(log, "tail");
      assertThat(read(f)).isEqualTo("tail");
      assertThat(log.bytesWritten()).isEqualTo(35);
    }
  }

  @Test
  void ownerOnlyFile_isCreatedAndRotatedWithMode0600_configuredFileAsTheUmaskAllows() throws Exception {
    Path secret = dir.resolve("auto.log");
    Path plain = dir.resolve("plain.log");
    LogSpec spec = new LogSpec(List.of(new LogTarget.File(secret, true), new LogTarget.File(plain)), 10, 1, 0,
        false, false);
    try (ProcessLog log = ProcessLog.open("a stdout", spec)) {
      write(log, "0123456789");
      write(log, "x");
    }
    for (Path p : List.of(secret, Path.of(secret + ".1"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
    }
    // a file named in the config: the JVM's default create mode 0666 minus the umask (022 here: rw-r--r--)
    assertThat(Files.getPosixFilePermissions(plain)).contains(PosixFilePermission.OTHERS_READ);
  }

  @Test
  void write_backupsZero_truncates() throws Exception {
    Path f = dir.resolve("a.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(10, 0, f))) {
      write(log, "0123456");
      write(log, "789");
      assertThat(read(f)).isEmpty();
      assertThat(dir.resolve("a.log.1")).doesNotExist();
      write(log, "x");
      assertThat(read(f)).isEqualTo("x");
    }
  }

  @Test
  void write_maxbytesZero_neverRotates() throws Exception {
    Path f = dir.resolve("a.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(0, 3, f))) {
      for (int i = 0; i < 100; i++) {
        write(log, "0123456789");
      }
      assertThat(Files.size(f)).isEqualTo(1000);
      assertThat(dir.resolve("a.log.1")).doesNotExist();
    }
  }

  @Test
  void open_existingFile_appends() throws Exception {
    Path f = dir.resolve("a.log");
    Files.writeString(f, "old\n");
    try (ProcessLog log = ProcessLog.open("a stdout", files(0, 0, f))) {
      write(log, "new\n");
    }
    assertThat(read(f)).isEqualTo("old\nnew\n");
  }

  @Test
  void write_severalTargets_allGetTheBytes() throws Exception {
    Path a = dir.resolve("a.log");
    Path b = dir.resolve("b.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(0, 0, a, b))) {
      write(log, "hello");
      assertThat(log.file()).contains(a);
    }
    assertThat(read(a)).isEqualTo("hello");
    assertThat(read(b)).isEqualTo("hello");
  }

  @Test
  void write_oneTargetFailing_othersContinueAndErrorReportedOnce() throws Exception {
    Path good = dir.resolve("good.log");
    List<String> reported = new ArrayList<>();
    LogSpec spec = files(0, 0, Path.of("/dev/full"), good);
    try (ProcessLog log = ProcessLog.open("a stdout", spec, (level, msg) -> {
      assertThat(level).isEqualTo(LogLevel.ERRO);
      reported.add(msg);
    })) {
      write(log, "one ");
      write(log, "two");
      assertThat(read(good)).isEqualTo("one two");
      assertThat(log.lastError()).hasValueSatisfying(e -> assertThat(e).contains("/dev/full").contains("a stdout"));
      assertThat(reported).hasSize(1);
    }
  }

  @Test
  void write_diskFullEpisode_reportedOnce_droppedBytesCounted_andNamedWhenWritingResumes() throws Exception {
    List<String> reported = new ArrayList<>();
    FlakyTarget disk = new FlakyTarget();
    long totalBefore = ProcessLog.droppedBytesTotal();
    try (ProcessLog log = ProcessLog.of("web stdout", List.of(disk), (level, msg) -> reported.add(level + " " + msg))) {
      write(log, "kept ");
      disk.full = true;
      for (int i = 0; i < 100; i++) {
        write(log, "0123456789");
      }
      assertThat(reported).containsExactly("ERRO error writing log of web stdout (flaky): No space left on device");
      assertThat(log.droppedBytes()).isEqualTo(1000);
      disk.full = false;
      write(log, "back");
      disk.full = true;
      write(log, "again");
      assertThat(reported).containsExactly(
          "ERRO error writing log of web stdout (flaky): No space left on device",
          "WARN log of web stdout (flaky) is written again; 1000 bytes were dropped while it failed",
          "ERRO error writing log of web stdout (flaky): No space left on device");
      assertThat(disk.written.toString()).isEqualTo("kept back");
      assertThat(log.droppedBytes()).isEqualTo(1005);
      assertThat(ProcessLog.droppedBytesTotal() - totalBefore).isGreaterThanOrEqualTo(1005);
    }
  }

  private static void writeDirect(ProcessLog log, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 8);
    direct.position(3);
    direct.put(b);
    direct.flip().position(3); // the bytes sit at an offset, as after a launcher's read
    log.write(direct);
  }

  @Test
  void writeDirectBuffer_plainFiles_everyFileGetsTheBytes_rotatedAtMaxbytes() throws Exception {
    Path a = dir.resolve("a.log");
    Path b = dir.resolve("b.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(10, 2, a, b))) {
      writeDirect(log, "0123456789");
      writeDirect(log, "abc");
      write(log, "de");
      writeDirect(log, "fghij");
      assertThat(log.bytesWritten()).isEqualTo(20);
    }
    for (Path p : List.of(a, b)) {
      assertThat(read(p)).isEmpty();
      assertThat(read(p.resolveSibling(p.getFileName() + ".1"))).isEqualTo("abcdefghij");
      assertThat(read(p.resolveSibling(p.getFileName() + ".2"))).isEqualTo("0123456789");
    }
  }

  @Test
  void writeDirectBuffer_diskFull_othersContinue_droppedBytesCounted() throws Exception {
    Path good = dir.resolve("good.log");
    List<String> reported = new ArrayList<>();
    try (ProcessLog log = ProcessLog.open("a stdout", files(0, 0, Path.of("/dev/full"), good),
        (level, msg) -> reported.add(level + " " + msg))) {
      writeDirect(log, "one ");
      writeDirect(log, "two");
      assertThat(read(good)).isEqualTo("one two");
      assertThat(log.droppedBytes()).isEqualTo(7);
      assertThat(reported).hasSize(1);
    }
  }

  @Test
  void writeDirectBuffer_targetThatNeedsAnArray_getsACopy_ofChunksOfAnySize() throws Exception {
    FlakyTarget t = new FlakyTarget();
    try (ProcessLog log = ProcessLog.of("web stdout", List.of(t), dev.jsupervisor.core.ActivityLog.NONE)) {
      writeDirect(log, "ab");
      writeDirect(log, "x".repeat(5000));
      writeDirect(log, "cd");
      assertThat(t.written.toString()).isEqualTo("ab" + "x".repeat(5000) + "cd");
      assertThat(log.bytesWritten()).isEqualTo(5004);
    }
  }

  /** A target whose disk can be filled and freed at will. */
  private static final class FlakyTarget implements Target {
    boolean full;
    final StringBuilder written = new StringBuilder();

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
      written.append(new String(buf, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void reopen() {}

    @Override
    public void clear() {}

    @Override
    public void close() {}

    @Override
    public Optional<Path> file() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "flaky";
    }
  }

  @Test
  void reopen_afterExternalMove_writesNewFile() throws Exception {
    Path f = dir.resolve("a.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(0, 0, f))) {
      write(log, "first");
      Files.move(f, dir.resolve("a.log.moved"));
      write(log, "+");
      log.reopen();
      write(log, "second");
    }
    assertThat(read(dir.resolve("a.log.moved"))).isEqualTo("first+");
    assertThat(read(f)).isEqualTo("second");
  }

  @Test
  void clear_deletesAndReopens_backupsUntouched() throws Exception {
    Path f = dir.resolve("a.log");
    try (ProcessLog log = ProcessLog.open("a stdout", files(5, 1, f))) {
      write(log, "12345");
      write(log, "abc");
      log.clear();
      assertThat(read(f)).isEmpty();
      write(log, "x");
    }
    assertThat(read(f)).isEqualTo("x");
    assertThat(read(dir.resolve("a.log.1"))).isEqualTo("12345");
  }

  @Test
  void close_laterWrites_dropped() throws Exception {
    Path f = dir.resolve("a.log");
    ProcessLog log = ProcessLog.open("a stdout", files(0, 0, f));
    log.close();
    write(log, "late");
    log.close();
    assertThat(read(f)).isEmpty();
  }

  @Test
  void write_localSyslog_oneDatagramPerLine() throws Exception {
    Path sock = dir.resolve("log.sock");
    try (UnixDatagramSocket server = UnixDatagramSocket.bind(sock);
        ProcessLog log = ProcessLog.open("web:api stdout",
            new LogSpec(List.of(new LogTarget.Syslog("unix", sock.toString(), 0)), 0, 0, 0, false, false),
            (l, m) -> {}, CLOCK)) {
      write(log, "hello\nwor");
      write(log, "ld\n");
      byte[] buf = new byte[1024];
      int n = server.receive(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("<14>Nov  5 10:00:05 supervisord: web:api hello");
      n = server.receive(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("<14>Nov  5 10:00:05 supervisord: web:api world");
      assertThat(server.receive(buf)).isEqualTo(-1);
    }
  }

  @Test
  void write_syslogFlagWithoutReceiver_failsQuietly() throws Exception {
    // *_syslog=true adds /dev/log, which does not exist here: the file must still get everything
    Path f = dir.resolve("a.log");
    LogSpec spec = new LogSpec(List.of(new LogTarget.File(f)), 0, 0, 0, false, true);
    try (ProcessLog log = ProcessLog.open("a stdout", spec)) {
      write(log, "line\n");
      assertThat(read(f)).isEqualTo("line\n");
    }
  }

  @Test
  void write_remoteUdpSyslog_sendsRfc3164WithHost() throws Exception {
    try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      LogSpec spec = new LogSpec(List.of(new LogTarget.Syslog("udp", "127.0.0.1", port)), 0, 0, 0, false, false);
      try (ProcessLog log = ProcessLog.open("web:api stderr", spec, (l, m) -> {}, CLOCK)) {
        write(log, "oops\n");
      }
      ByteBuffer buf = ByteBuffer.allocate(1024);
      server.receive(buf);
      String msg = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
      String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      assertThat(msg).isEqualTo("<14>Nov  5 10:00:05 " + host + " supervisord: web:api oops");
    }
  }

  @Test
  void write_remoteTcpSyslog_newlineFramed() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      LogSpec spec = new LogSpec(List.of(new LogTarget.Syslog("tcp", "127.0.0.1", port)), 0, 0, 0, false, false);
      try (ProcessLog log = ProcessLog.open("p stdout", spec, (l, m) -> {}, CLOCK);
          SocketChannel conn = acceptAfter(server, () -> write(log, "a\n"))) {
        write(log, "b\n"); // the connection is now established: the backlog and this line are sent
        BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(conn), StandardCharsets.UTF_8));
        assertThat(r.readLine()).endsWith("supervisord: p a");
        assertThat(r.readLine()).endsWith("supervisord: p b");
      }
    }
  }

  private static SocketChannel acceptAfter(ServerSocketChannel server, Runnable trigger) throws Exception {
    trigger.run();
    return server.accept();
  }
}
