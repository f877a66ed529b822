package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [supervisord] directory}: a detached daemon runs there (its programs inherit it), while the
 * config's relative paths keep meaning what they meant where it was started, as supervisord's
 * (it parses, then chdirs when daemonizing).
 */
@Tag("integration")
final class DaemonDirectoryIntegrationTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void detached_runsInTheDirectory_relativeConfigPathsResolveWhereItWasStarted() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Files.writeString(dir.resolve("supervisord.conf"), String.join("\n",
        "[unix_http_server]",
        "file=supervisor.sock",
        "[supervisord]",
        "logfile=supervisord.log",
        "pidfile=supervisord.pid",
        "childlogdir=" + dir,
        "directory=" + work,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:where]",
        "command=/bin/sh -c 'pwd > " + dir.resolve("pwd.txt") + "; exec sleep 1000'",
        "startsecs=0",
        ""));
    Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(),
        "-c", "supervisord.conf", "-d").directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).as(out).isZero();
    long pid = Long.parseLong(Files.readString(dir.resolve("supervisord.pid")).strip());
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("pwd.txt"))
          && !Files.readString(dir.resolve("pwd.txt")).isEmpty());
      assertThat(Files.readString(dir.resolve("pwd.txt")).strip()).isEqualTo(work.toString());
      assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))).isEqualTo(work);
      assertThat(dir.resolve("supervisor.sock")).exists();
      assertThat(work.resolve("supervisord.log")).doesNotExist();
      assertThat(Files.readString(dir.resolve("supervisord.log")))
          .contains("set current directory: '" + work + "'", "supervisord started with pid " + pid);
    } finally {
      new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
      daemon.onExit().get(30, TimeUnit.SECONDS);
    }
    assertThat(dir.resolve("supervisord.pid")).doesNotExist();
  }
  /**
   * A Python init script runs {@code supervisord -c FILE} and waits for it to return: with an
   * explicit {@code nodaemon=false} (supervisord's meaning) the command daemonizes as {@code -d}
   * does; {@code -n} still keeps it in the foreground.
   */
  @Test
  @Timeout(120)
  void explicitNodaemonFalse_daemonizesAsPythonDoes_andDashNKeepsTheForeground() throws Exception {
    Files.writeString(dir.resolve("supervisord.conf"), String.join("\n",
        "[unix_http_server]",
        "file=" + dir.resolve("supervisor.sock"),
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "nodaemon=false",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:sleeper]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        ""));
    Process launcher = daemonCommand("-c", "supervisord.conf").start();
    String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).as(out).isZero();
    long pid = Long.parseLong(Files.readString(dir.resolve("supervisord.pid")).strip());
    assertThat(pid).isNotEqualTo(launcher.pid());
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
    try {
      assertThat(dir.resolve("supervisor.sock")).exists();
    } finally {
      new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
      daemon.onExit().get(30, TimeUnit.SECONDS);
    }
    Process foreground = daemonCommand("-n", "-c", "supervisord.conf").start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("supervisord.pid"))
          && Files.readString(dir.resolve("supervisord.pid")).strip().equals(Long.toString(foreground.pid())));
      assertThat(foreground.isAlive()).isTrue();
    } finally {
      foreground.destroy();
      assertThat(foreground.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private ProcessBuilder daemonCommand(String... args) {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName()));
    cmd.addAll(java.util.List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
  }
}
