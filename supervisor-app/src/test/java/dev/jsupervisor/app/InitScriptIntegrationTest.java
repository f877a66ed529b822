package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SysV init script {@code service install} writes, run for real: start, status, stop. */
@Tag("integration")
final class InitScriptIntegrationTest {
  @TempDir Path dir;

  private record Run(int status, String output) {}

  private Run script(Path script, String verb) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString(), verb).redirectErrorStream(true);
    pb.environment().put("PIDFILE", dir.resolve("init.pid").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s %s", script, verb).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  @Timeout(180)
  void startStatusStop() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
    List<String> daemon = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName()));
    Path script = dir.resolve("supervisord.init");
    Files.writeString(script, ServiceFiles.initScript(daemon, conf, false));

    assertThat(script(script, "status").status()).isEqualTo(3);
    Run start = script(script, "start");
    assertThat(start.status()).as(start.output()).isZero();
    long pid = Long.parseLong(Files.readString(dir.resolve("init.pid")).strip());
    ProcessHandle daemonProcess = ProcessHandle.of(pid).orElseThrow();
    assertThat(script(script, "status").output()).contains("supervisord is running (pid " + pid + ")");
    assertThat(script(script, "start").output()).contains("already running");

    Run stop = script(script, "stop");
    assertThat(stop.status()).as(stop.output()).isZero();
    assertThat(daemonProcess.isAlive()).isFalse();
    assertThat(script(script, "status").status()).isEqualTo(3);
  }
}
