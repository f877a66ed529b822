package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [fcgi-program:x]} on the real daemon, next to Python supervisord 4.2.5 on the same config:
 * the children accept connections on the shared socket from their fd 0; the socket lives while a
 * child does (created at the first spawn, closed after the last one is reaped).
 */
@Tag("integration")
final class FcgiProgramIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** An accept loop on fd 0 answering every connection with its pid. */
  private static final String SERVER = "import os,socket,sys\n"
      + "s = socket.fromfd(0, int(sys.argv[1]), socket.SOCK_STREAM)\n"
      + "while True:\n"
      + "    c, _ = s.accept()\n"
      + "    c.sendall(b'pid %d\\n' % os.getpid())\n"
      + "    c.close()\n";

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String config(Path dir, int port) throws IOException {
    Path script = dir.resolve("server.py");
    Files.writeString(script, SERVER);
    return String.join("\n",
        "[fcgi-program:web]",
        "command=/usr/bin/python3 " + script + " 2",
        "socket=tcp://127.0.0.1:" + port,
        "process_name=%(program_name)s_%(process_num)d",
        "numprocs=2",
        "startsecs=0",
        "[fcgi-program:local]",
        "command=/usr/bin/python3 " + script + " 1",
        "socket=unix://" + dir.resolve("%(program_name)s.sock"),
        "socket_mode=0660",
        "startsecs=0",
        "");
  }

  private static String askTcp(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String askUnix(Path path) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(path));
      ByteBuffer in = ByteBuffer.allocate(64);
      while (ch.read(in) >= 0) {
        // until the child closes
      }
      return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
    }
  }

  /** Polls {@code status} until {@code n} processes are RUNNING; returns their pids. */
  private static Set<String> awaitAllRunning(DaemonProcess d, int n) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String status = "";
    while (System.nanoTime() - deadline < 0) {
      status = d.ctl("status").output();
      Set<String> pids = new HashSet<>();
      Matcher m = Pattern.compile("RUNNING\\s+pid (\\d+)").matcher(status);
      while (m.find()) {
        pids.add(m.group(1));
      }
      if (pids.size() == n) {
        return pids;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not all RUNNING: " + status);
  }

  private void childrenServeTheSharedSocket(DaemonProcess d, int port) throws Exception {
    Set<String> pids = awaitAllRunning(d, 3);
    for (int i = 0; i < 4; i++) {
      String answer = askTcp(port);
      assertThat(answer).matches("pid \\d+\n");
      assertThat(pids).contains(answer.substring(4).strip());
    }
    Path sock = dir.resolve("local.sock");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-rw----");
    assertThat(pids).contains(askUnix(sock).substring(4).strip());

    d.ctl("stop", "web:web_0");
    assertThat(askTcp(port)).as("one child left: the socket stays").startsWith("pid ");
    d.ctl("stop", "web:web_1");
    assertThatThrownBy(() -> askTcp(port)).as("the last child was reaped: the socket is closed")
        .isInstanceOf(IOException.class);
    d.ctl("start", "web:web_1"); // waits for RUNNING (startsecs=0)
    assertThat(askTcp(port)).as("the next spawn opens it again").startsWith("pid ");
    String log = Files.readString(dir.resolve("supervisord.log"));
    assertThat(log).contains("Creating socket tcp://127.0.0.1:" + port, "Closing socket tcp://127.0.0.1:" + port,
        "Creating socket unix://" + sock);
  }

  @Test
  @Timeout(120)
  void ours_childrenAcceptOnTheSharedSocketFromFd0_whichLivesWhileAChildDoes() throws Exception {
    int port = freePort();
    Path conf = DaemonProcess.writeConfig(dir, config(dir, port));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      childrenServeTheSharedSocket(d, port);
      d.signal("TERM");
      assertThat(d.awaitExit(WAIT)).isZero();
    }
    assertThatThrownBy(() -> askTcp(port)).isInstanceOf(IOException.class);
  }

  @Test
  @Timeout(120)
  void python_behavesTheSame() throws Exception {
    int port = freePort();
    Path conf = DaemonProcess.writeConfig(dir, config(dir, port));
    try (DaemonProcess d = DaemonProcess.python(dir, conf)) {
      childrenServeTheSharedSocket(d, port);
    }
  }

  @Test
  @Timeout(60)
  void aPortInUse_failsStartUpWithSupervisordsText() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      Path conf = DaemonProcess.writeConfig(dir, config(dir, port));
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(),
          "-c", conf.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isNotZero();
      assertThat(out).contains("Could not create FastCGI socket tcp://127.0.0.1:" + port
          + ": [Errno 98] Address already in use").doesNotContain("Exception");
    }
  }
}
