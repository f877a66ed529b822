package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon as a container's PID 1, in a new PID namespace ({@code unshare --pid --fork
 * --mount-proc}, needs root): it logs to {@code /dev/stdout} (a pipe, as a container runtime gives
 * it), reaps the orphans re-parented to it, and on TERM or INT stops every program and exits 0.
 *
 * <p>Which daemon: with {@code -Djsupervisor.dist=<dir>} (the {@code dist} profile sets it to
 * {@code target/dist/jsupervisor} and runs this test again after packaging) the distribution's
 * {@code bin/supervisord} on its jlink'd runtime; without it, the test classpath on this JVM.
 */
@Tag("integration")
final class Pid1IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ORPHANS = 5;

  @TempDir Path dir;

  private static Optional<Path> dist() {
    String d = System.getProperty("jsupervisor.dist", "");
    return d.isEmpty() ? Optional.empty() : Optional.of(Path.of(d));
  }

  private List<String> daemonCommand(Path conf) {
    List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--"));
    if (dist().isPresent()) {
      cmd.addAll(List.of(dist().get().resolve("bin/supervisord").toString(), "-c", conf.toString()));
    } else {
      cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(),
          "-c", conf.toString()));
    }
    return cmd;
  }

  private Path config() throws IOException {
    // the orphans: each inner sh backgrounds a sleep and exits, so the sleep is re-parented to PID 1
    String orphans = "i=0; while [ $i -lt " + ORPHANS + " ]; do sh -c 'sleep 2 &'; i=$((i+1)); done;"
        + " sh -c 'sleep 1000 &'; exec sleep 1001";
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[unix_http_server]",
        "file=" + dir.resolve("supervisor.sock"),
        "[supervisord]",
        "logfile=/dev/stdout",
        "logfile_maxbytes=0",
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "nodaemon=true",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:hello]",
        "command=/bin/sh -c 'echo hello from a child; exec sleep 1002'",
        "stdout_logfile=/dev/stdout",
        "stdout_logfile_maxbytes=0",
        "startsecs=0",
        "[program:orphans]",
        "command=/bin/sh -c \"" + orphans + "\"",
        "startsecs=0",
        ""));
    return conf;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  @Timeout(120)
  void asPid1_logsToStdout_reapsOrphans_andShutsDownCleanlyOnSignal(String signal) throws Exception {
    Assumptions.assumeTrue(isRoot(), "unshare --pid needs root");
    Process ns = new ProcessBuilder(daemonCommand(config())).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread pump = pump(ns.getInputStream(), out);
    try {
      ProcessHandle daemon = await().atMost(WAIT).until(() -> ns.toHandle().children().findFirst(), Optional::isPresent)
          .get();
      await().atMost(WAIT).untilAsserted(() -> assertThat(text(out))
          .contains("supervisord started with pid 1", "success: orphans entered RUNNING state",
              "hello from a child"));
      if (dist().isPresent()) {
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(daemon.pid()), "exe")).toString())
            .as("runs on the distribution's own runtime").startsWith(dist().get().toRealPath().toString());
      }

      // the orphans were re-parented to the daemon (PID 1) ...
      Set<Long> orphans = new HashSet<>();
      await().atMost(WAIT).until(() -> {
        daemon.children().filter(c -> commandOf(c.pid()).equals("sleep 2")).forEach(c -> orphans.add(c.pid()));
        return orphans.size() == ORPHANS;
      });
      // ... and once they exit they are reaped: gone from /proc, not left as zombies
      await().atMost(WAIT).untilAsserted(() -> assertThat(orphans)
          .allSatisfy(pid -> assertThat(Path.of("/proc", Long.toString(pid))).doesNotExist()));
      assertThat(zombieChildren(daemon)).isEmpty();
      List<ProcessHandle> everything = daemon.descendants().toList();
      assertThat(everything).hasSizeGreaterThanOrEqualTo(3); // hello's sleep, orphans' sleep, the live orphan

      new ProcessBuilder("kill", "-" + signal, Long.toString(daemon.pid())).start().waitFor();
      assertThat(ns.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("daemon exited").isTrue();
      pump.join(5000);
      assertThat(ns.exitValue()).as("exit code of PID 1; output:\n%s", text(out)).isZero();
      assertThat(text(out)).contains("received SIG" + signal + " indicating exit request",
          "stopped: hello (terminated by SIGTERM)", "stopped: orphans (terminated by SIGTERM)");
      for (ProcessHandle h : everything) {
        assertThat(h.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
      }
      assertThat(dir.resolve("supervisord.pid")).doesNotExist();
      assertThat(dir.resolve("supervisor.sock")).doesNotExist();
    } finally {
      ns.descendants().forEach(ProcessHandle::destroyForcibly);
      ns.destroyForcibly();
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (sink) {
            sink.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // the daemon is gone
      }
    }, "pid1-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static String commandOf(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Children of {@code p} in state Z, read from /proc (ProcessHandle does not show zombies apart). */
  private static List<Long> zombieChildren(ProcessHandle p) throws IOException {
    List<Long> zombies = new ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
      for (Path task : tasks.toList()) {
        for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
          if (child.isEmpty()) {
            continue;
          }
          String stat = Files.readString(Path.of("/proc", child, "stat"));
          if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
            zombies.add(Long.parseLong(child));
          }
        }
      }
    }
    return zombies;
  }
}
