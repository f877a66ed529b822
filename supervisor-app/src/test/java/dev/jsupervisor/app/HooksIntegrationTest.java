package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pre_start_hook and pre_stop_hook in the real daemon with real hook scripts: the hook runs (and
 * ends) before the program starts, the pre-stop hook before the program gets SIGTERM, and a
 * failing hook does not keep the program from starting. Every step appends a line to one file.
 */
@Tag("integration")
final class HooksIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void hooksRunInOrder_andAFailingHookIsOnlyLogged() throws Exception {
    Path order = dir.resolve("order.log");
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:app]",
        "command=/bin/sh -c 'echo program started >> " + order + "; trap \"echo program got TERM >> " + order
            + "; exit 0\" TERM; while true; do sleep 0.1; done'",
        "startsecs=0",
        "pre_start_hook=/bin/sh -c 'sleep 0.5; echo pre-start hook >> " + order + "'",
        "pre_stop_hook=script:///bin/sh -c 'sleep 0.5; echo pre-stop hook >> " + order + "'",
        "[program:failing]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "pre_start_hook=/bin/sh -c 'echo broken; exit 3'",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("app", "RUNNING", WAIT);
      d.awaitState("failing", "RUNNING", WAIT);
      assertThat(Files.readAllLines(order)).containsExactly("pre-start hook", "program started");
      DaemonProcess.CtlResult stop = d.ctl("stop", "app");
      assertThat(stop.output()).contains("app: stopped");
      assertThat(Files.readAllLines(order))
          .containsExactly("pre-start hook", "program started", "pre-stop hook", "program got TERM");
      String log = Files.readString(dir.resolve("supervisord.log"));
      assertThat(log).contains("'failing' pre_start_hook ended (exit status 3)",
          "'failing' pre_start_hook output: broken", "'app' pre_stop_hook ended (exit status 0)");
      assertThat(log.indexOf("'failing' pre_start_hook ended")).isLessThan(log.indexOf("spawned: 'failing'"));
    }
  }
}
