package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.spi.NotifySocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher's sd_notify sockets: real unix datagram sockets read on the I/O thread. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class NotifySocketsTest {
  private final PosixProcessLauncher launcher = PosixProcessLauncher.create();
  private final UnixDatagramSocket sender;

  NotifySocketsTest() throws IOException {
    sender = UnixDatagramSocket.open();
  }

  @AfterEach
  void close() {
    sender.close();
    launcher.close();
  }

  private void send(NotifySocket s, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    sender.send(Path.of(s.address()), b, 0, b.length);
  }

  private static void await(List<String> got, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(got).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void datagramsArriveOnTheIoThread_theSocketIsPrivate_andCloseRemovesIt() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    int watchedBefore = launcher.watchedCount();
    NotifySocket s = launcher.openNotifySocket("web", Optional.empty(), b -> {
      got.add(new String(b, StandardCharsets.UTF_8));
      threads.add(Thread.currentThread().getName());
    });
    Path path = Path.of(s.address());
    assertThat(path).isAbsolute();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent()))).isEqualTo("rwx--x--x");
    assertThat(launcher.watchedCount()).isEqualTo(watchedBefore + 1);

    send(s, "READY=1\nSTATUS=up");
    send(s, "STATUS=" + "y".repeat(10_000)); // longer than NOTIFY_DATAGRAM_MAX: cut
    await(got, 2);
    assertThat(got.get(0)).isEqualTo("READY=1\nSTATUS=up");
    assertThat(got.get(1)).hasSize(dev.jsupervisor.core.spi.ProcessLauncher.NOTIFY_DATAGRAM_MAX);
    assertThat(threads).containsOnly("supervisor-io");

    s.close();
    s.close(); // idempotent
    assertThat(path).doesNotExist();
    assertThatThrownBy(() -> send(s, "READY=1")).isInstanceOf(IOException.class).hasMessageContaining("ENOENT");
    assertThat(launcher.watchedCount()).isEqualTo(watchedBefore);
  }

  @Test
  void eachSpawnGetsItsOwnSocket_andTheLauncherRemovesTheDirectory() throws Exception {
    List<String> a = new CopyOnWriteArrayList<>();
    List<String> b = new CopyOnWriteArrayList<>();
    NotifySocket first = launcher.openNotifySocket("x", Optional.empty(), d -> a.add(new String(d, StandardCharsets.UTF_8)));
    NotifySocket second = launcher.openNotifySocket("x", Optional.empty(), d -> b.add(new String(d, StandardCharsets.UTF_8)));
    assertThat(first.address()).isNotEqualTo(second.address());
    send(second, "READY=1");
    await(b, 1);
    assertThat(a).isEmpty();
    Path dir = Path.of(first.address()).getParent();
    launcher.close(); // with a socket still open
    assertThat(dir).doesNotExist();
    first.close(); // after the launcher: nothing left to do, no double close
    second.close();
  }
}
