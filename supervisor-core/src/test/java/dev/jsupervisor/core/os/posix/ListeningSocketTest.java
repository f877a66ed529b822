package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.SharedSocketSpec;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import dev.jsupervisor.core.spi.SharedSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** fcgi-program sockets: made as supervisord makes them, and a child accepts on them from fd 0. */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ListeningSocketTest {
  /** Accepts one connection on fd 0, answers with the peer's first line upper-cased and whether stdin is a socket. */
  private static final String ECHO_ONCE = "import socket,sys\n"
      + "fam = int(sys.argv[1])\n"
      + "s = socket.fromfd(0, fam, socket.SOCK_STREAM)\n"
      + "c, _ = s.accept()\n"
      + "line = c.makefile('rb').readline()\n"
      + "c.sendall(line.upper())\n"
      + "c.close()\n";

  private final PosixProcessLauncher launcher = PosixProcessLauncher.create();
  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    launcher.close();
  }

  private static SharedSocketSpec unix(Path path, OptionalInt mode) {
    return new SharedSocketSpec("unix://" + path, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), mode);
  }

  private ChildProcess spawnOn(SharedSocket socket, int family, Captured exit) throws LaunchException {
    LaunchRequest r = new LaunchRequest("fcgi", List.of("/usr/bin/python3", "-c", ECHO_ONCE, Integer.toString(family)),
        Map.of("PATH", "/usr/bin:/bin"), Optional.empty(), Optional.empty(), Optional.empty(), false, exit,
        OutputSink.DISCARD, Optional.of(socket));
    return launcher.launch(r, exit);
  }

  private static String ask(SocketChannel ch) throws IOException {
    ch.write(ByteBuffer.wrap("hello fcgi\n".getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer in = ByteBuffer.allocate(64);
    while (ch.read(in) >= 0) {
      // until the child closes
    }
    return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
  }

  @Test
  void unixSocket_childAcceptsOnFd0_fileHasTheModeAndAStaleFileIsReplaced() throws Exception {
    Path path = dir.resolve("fcgi.sock");
    Files.writeString(path, "stale");
    try (SharedSocket socket = launcher.openSharedSocket(unix(path, OptionalInt.of(0700)))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
      Captured exit = new Captured();
      ChildProcess child = spawnOn(socket, 1, exit);
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(path));
        assertThat(ask(ch)).isEqualTo("HELLO FCGI\n");
      }
      assertThat(exit.exit.get(20, TimeUnit.SECONDS).supervisordCode()).isZero();
      assertThatThrownBy(() -> child.writeStdin(new byte[] {1})).isInstanceOf(IOException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void tcpSocket_twoChildrenShareIt_andTheSocketOutlivesNeitherItsCloseNorTheChildren() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    SharedSocket socket = launcher.openSharedSocket(SharedSocketSpec.of("tcp://127.0.0.1:" + port));
    Captured a = new Captured();
    Captured b = new Captured();
    spawnOn(socket, 2, a);
    spawnOn(socket, 2, b);
    for (int i = 0; i < 2; i++) {
      try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
        assertThat(ask(ch)).isEqualTo("HELLO FCGI\n");
      }
    }
    assertThat(a.exit.get(20, TimeUnit.SECONDS).supervisordCode()).isZero();
    assertThat(b.exit.get(20, TimeUnit.SECONDS).supervisordCode()).isZero();
    socket.close();
    assertThatThrownBy(() -> SocketChannel.open(new InetSocketAddress("127.0.0.1", port)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aTakenPort_isPythonsErrorText() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      SharedSocketSpec spec = SharedSocketSpec.of("tcp://127.0.0.1:" + taken.getLocalPort());
      assertThatThrownBy(() -> launcher.openSharedSocket(spec)).isInstanceOf(LaunchException.class)
          .hasMessage("[Errno 98] Address already in use");
    }
  }
}
