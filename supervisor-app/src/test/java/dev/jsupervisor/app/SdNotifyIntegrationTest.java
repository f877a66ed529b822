package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.os.posix.UnixDatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's sd_notify: the test plays systemd, binding the NOTIFY_SOCKET datagram socket. */
@Tag("integration")
final class SdNotifyIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static String receive(UnixDatagramSocket s, Duration timeout) throws Exception {
    byte[] buf = new byte[4096];
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      int n = s.receive(buf);
      if (n >= 0) {
        return new String(buf, 0, n, StandardCharsets.UTF_8);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no notification within " + timeout);
  }

  @Test
  @Timeout(120)
  void readyAfterTheAutostartProgramsAreRunning_reloadingThenReady_stoppingAtShutdown() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:slow]",
        "command=/bin/sleep 1000",
        "startsecs=2",
        "[program:quick]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        ""));
    String abstractName = "@jsupervisor-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    for (String address : new String[] {dir.resolve("notify.sock").toString(), abstractName}) {
      try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(Path.of(address));
          DaemonProcess d = DaemonProcess.java(dir, conf, Map.of("NOTIFY_SOCKET", address))) {
        String ready = receive(systemd, WAIT);
        assertThat(d.ctl("status").output()).containsPattern("quick\\s+RUNNING").containsPattern("slow\\s+RUNNING");
        assertThat(ready).contains("READY=1").contains("MAINPID=" + d.pid());
        if (address.startsWith("@")) {
          d.signal("HUP");
          assertThat(receive(systemd, WAIT)).isEqualTo("RELOADING=1");
          String again = receive(systemd, WAIT);
          assertThat(again).contains("READY=1");
          assertThat(d.ctl("status").output()).containsPattern("slow\\s+RUNNING");
        }
        d.signal("TERM");
        assertThat(receive(systemd, WAIT)).isEqualTo("STOPPING=1");
        assertThat(d.awaitExit(WAIT)).isZero();
      }
    }
  }
}
