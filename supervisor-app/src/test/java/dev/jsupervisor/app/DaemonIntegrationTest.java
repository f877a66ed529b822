package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon on temp configs, driven by Debian's supervisorctl and signals. */
@Tag("integration")
final class DaemonIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void sigterm_stopsEveryProgramAndGrandchild_removesPidfileAndSocket_exits0() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:sleeper]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "[program:spawner]",
        "command=/bin/sh -c 'sleep 1001 & sleep 1002 & exec sleep 1003'",
        "startsecs=0",
        "[program:manual]",
        "command=/bin/sleep 1004",
        "autostart=false",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("sleeper", "RUNNING", WAIT);
      d.awaitState("spawner", "RUNNING", WAIT);
      assertThat(Files.readString(dir.resolve("supervisord.pid")).strip()).isEqualTo(Long.toString(d.pid()));
      assertThat(Files.readString(dir.resolve("supervisord.log"))).contains("supervisord started with pid " + d.pid());
      DaemonProcess.CtlResult status = d.ctl("status");
      assertThat(status.output()).containsPattern("manual\\s+STOPPED\\s+Not started");
      assertThat(status.exitCode()).isEqualTo(3);
      // `supervisord ctl ...` is our supervisorctl, in the daemon jar
      ByteArrayOutputStream ctlOut = new ByteArrayOutputStream();
      int ctlStatus = SupervisordMain.run(new String[] {"ctl", "-s", "unix://" + d.socket, "status", "sleeper"},
          new PrintStream(ctlOut, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
      assertThat(ctlStatus).isZero();
      assertThat(ctlOut.toString(StandardCharsets.UTF_8)).containsPattern("sleeper\\s+RUNNING\\s+pid \\d+");
      // wait until the spawner's background sleeps exist, then remember every descendant
      List<ProcessHandle> descendants = awaitDescendants(d, 4);

      d.signal("TERM");
      assertThat(d.awaitExit(WAIT)).isZero();
      assertThat(dir.resolve("supervisord.pid")).doesNotExist();
      assertThat(dir.resolve("supervisor.sock")).doesNotExist();
      for (ProcessHandle h : descendants) {
        h.onExit().get(5, TimeUnit.SECONDS);
        assertThat(h.isAlive()).as("pid %d (%s) survived", h.pid(), h.info().commandLine().orElse("?")).isFalse();
      }
    }
  }

  @Test
  @Timeout(90)
  void sighup_reloadsChangedConfig_andBrokenConfigKeepsRunningPrograms() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:first]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("first", "RUNNING", WAIT);
      String pidBefore = d.ctl("pid", "first").output().strip();

      Files.writeString(conf, Files.readString(conf) + "[program:first\nbroken");
      d.signal("HUP");
      Thread.sleep(1000); // nothing observable should happen; give the daemon time to (not) act
      assertThat(d.ctl("pid", "first").output().strip()).isEqualTo(pidBefore);
      assertThat(Files.readString(dir.resolve("supervisord.log"))).contains("could not reload");

      DaemonProcess.writeConfig(dir, "[program:first]\ncommand=/bin/sleep 1000\nstartsecs=0\n"
          + "[program:second]\ncommand=/bin/sleep 1001\nstartsecs=0\n");
      d.signal("HUP");
      d.awaitState("second", "RUNNING", WAIT);
      d.awaitState("first", "RUNNING", WAIT);
      // as supervisord, which writes its pidfile and says so again after every reload
      assertThat(Files.readString(dir.resolve("supervisord.log")).lines()
          .filter(l -> l.endsWith("INFO supervisord started with pid " + d.pid()))).hasSize(2);
    }
  }

  @Test
  @Timeout(60)
  void orphanedGrandchild_isReparentedToTheDaemon_andReapedWhenItDies() throws Exception {
    Path orphanPidFile = dir.resolve("orphan.pid");
    // the subshell starts a short sleep and exits at once: the sleep is orphaned
    Path conf = DaemonProcess.writeConfig(dir, "[program:parent]\ncommand=/bin/sh -c '(sleep 2 & echo $! > "
        + orphanPidFile + "); exec sleep 1000'\nstartsecs=0\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("parent", "RUNNING", WAIT);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(orphanPidFile) || Files.readString(orphanPidFile).isBlank()) {
        assertThat(System.nanoTime() - deadline).isNegative();
        Thread.sleep(20);
      }
      long orphan = Long.parseLong(Files.readString(orphanPidFile).strip());
      // child subreaper: the orphan's parent is the daemon, not init
      assertThat(ProcessHandle.of(orphan).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)).contains(d.pid());
      // once it exits it must not stay a zombie: gone from /proc within a few seconds
      Path proc = Path.of("/proc", Long.toString(orphan));
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (Files.exists(proc)) {
        assertThat(System.nanoTime() - deadline).as("orphan %d still in /proc: %s", orphan,
            Files.exists(proc) ? Files.readString(proc.resolve("stat")) : "").isNegative();
        Thread.sleep(100);
      }
    }
  }

  @Test
  @Timeout(60)
  void daemonFlag_detaches_andTheDetachedDaemonServes() throws Exception {
    Path umaskFile = dir.resolve("umask.txt");
    // duplicate sections merge, as in Python's RawConfigParser: this adds umask to [supervisord]
    Path conf = DaemonProcess.writeConfig(dir, "[supervisord]\numask=027\n[program:sleeper]\ncommand=/bin/sh -c "
        + "'umask > " + umaskFile + "; exec sleep 1000'\nstartsecs=0\n");
    Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(), "-c", conf.toString(), "-d")
        .redirectErrorStream(true).start();
    assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).isZero();
    Path pidfile = dir.resolve("supervisord.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(dir.resolve("supervisor.sock")) || !Files.exists(pidfile)) {
      assertThat(System.nanoTime() - deadline).as("detached daemon did not come up").isNegative();
      Thread.sleep(50);
    }
    long daemonPid = Long.parseLong(Files.readString(pidfile).strip());
    ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
    try {
      assertThat(daemonPid).isNotEqualTo(launcher.pid());
      // supervisord applies [supervisord] umask when daemonizing; children inherit it
      while (!Files.exists(umaskFile) || Files.readString(umaskFile).isBlank()) {
        assertThat(System.nanoTime() - deadline).as("program did not write its umask").isNegative();
        Thread.sleep(50);
      }
      assertThat(Files.readString(umaskFile).strip()).isEqualTo("0027");
      Process ctl = new ProcessBuilder("/usr/bin/supervisorctl", "-s", "unix://" + dir.resolve("supervisor.sock"),
          "shutdown").redirectErrorStream(true).start();
      assertThat(new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("Shut down");
      daemon.onExit().get(30, TimeUnit.SECONDS);
      assertThat(pidfile).doesNotExist();
    } finally {
      daemon.descendants().forEach(ProcessHandle::destroyForcibly);
      daemon.destroyForcibly();
    }
  }

  @Test
  @Timeout(120)
  void secondDaemonOnTheSameConfig_exits2_andLeavesTheRunningOnesPidfileSocketAndLogsAlone() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n"
        + "stdout_logfile=AUTO\n");
    try (DaemonProcess first = DaemonProcess.java(dir, conf)) {
      first.awaitState("sleeper", "RUNNING", WAIT);
      Path pidfile = dir.resolve("supervisord.pid");
      String pid = Files.readString(pidfile);
      List<Path> autoLogs;
      try (var files = Files.list(dir)) {
        autoLogs = files.filter(f -> f.getFileName().toString().startsWith("sleeper-stdout---")).toList();
      }
      assertThat(autoLogs).hasSize(1);
      List<Path> allAuto = autoFiles(dir);
      for (List<String> flags : List.of(List.<String>of(), List.of("-d"))) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(), "-c",
            conf.toString()));
        cmd.addAll(flags);
        Process second = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as("exit status with " + flags + "; output: " + output).isEqualTo(2);
        assertThat(output).as("with " + flags).contains("Error: Another program is already listening on a port that "
            + "one of our HTTP servers is configured to use.  Shut this program down first before starting supervisord.");
        assertThat(Files.readString(pidfile)).as("pidfile after a second start with " + flags).isEqualTo(pid);
        assertThat(autoLogs.get(0)).as("AUTO log after a second start with " + flags).exists();
        assertThat(autoFiles(dir)).as("AUTO files (the second one creates none) with " + flags)
            .containsExactlyInAnyOrderElementsOf(allAuto);
        assertThat(first.ctl("status", "sleeper").output()).contains("RUNNING");
      }
    }
  }

  @Test
  @Timeout(60)
  void silentDaemon_printsNothingOnStderr_noLibraryNoise() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
    Path stderr = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(), "-c", conf.toString(), "-s")
        .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(dir.resolve("supervisor.sock"))) {
        assertThat(System.nanoTime() - deadline).as("daemon did not come up").isNegative();
        Thread.sleep(50);
      }
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(stderr)).isEmpty();
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void brokenConfig_exits2_withTheWordsOfPythonSupervisord() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:r]\ncommand=/bin/true\nautorestart=maybe\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SupervisordMain.run(new String[] {"-c", conf.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);

    Process python = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", conf.toString()).start();
    String pythonErr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor()).isEqualTo(2);
    assertThat(firstLine(err.toString(StandardCharsets.UTF_8))).isEqualTo(firstLine(pythonErr))
        .startsWith("Error: invalid 'autorestart' value 'maybe' in section 'program:r'");
    assertThat(dir.resolve("supervisord.pid")).doesNotExist();
  }

  @Test
  @Timeout(60)
  void minfdsAboveWhatTheKernelAllows_refusesToStart_exits2() throws Exception {
    // beyond fs.nr_open even root cannot raise RLIMIT_NOFILE: supervisord refuses to start then
    Path conf = DaemonProcess.writeConfig(dir, "[supervisord]\nminfds=2000000000\n[program:x]\ncommand=/bin/sleep 1000\n");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(), "-c", conf.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).contains("Error: The minimum number of file descriptors required to run this process is "
        + "2000000000 as per the \"minfds\" command-line argument or config file setting.");
    assertThat(dir.resolve("supervisor.sock")).doesNotExist();
  }

  @Test
  @Timeout(60)
  void ctlFg_typedLinesReachStdin_andTheOutputIsShownLive() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "[program:echo]\ncommand=/bin/cat\nstartsecs=0\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("echo", "RUNNING", WAIT);
      java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
      java.io.PipedInputStream keyboard = new java.io.PipedInputStream(typing);
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
      java.util.concurrent.CompletableFuture<Integer> fg = java.util.concurrent.CompletableFuture.supplyAsync(() ->
          dev.jsupervisor.ctl.SupervisorCtl.run(new String[] {"-s", "unix://" + d.socket, "fg", "echo"}, out,
              new PrintStream(new ByteArrayOutputStream()), keyboard));
      typing.write("typed-into-fg\n".getBytes(StandardCharsets.UTF_8));
      typing.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!screen.toString(StandardCharsets.UTF_8).contains("typed-into-fg")) {
        assertThat(System.nanoTime() - deadline).as("cat's echo never shown: %s", screen).isNegative();
        Thread.sleep(50);
      }
      typing.close(); // end of input detaches, as Ctrl-C does
      assertThat(fg.get(20, TimeUnit.SECONDS)).isZero();
      assertThat(screen.toString(StandardCharsets.UTF_8)).contains("==> Press Ctrl-C to exit <==")
          .contains("Exiting foreground");
      d.awaitState("echo", "RUNNING", WAIT); // detaching leaves the program running
    }
  }

  @Test
  @Timeout(60)
  void supervisordCtlTailF_ctrlC_detachesAndExits0_asSupervisorctl() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir,
        "[program:hello]\ncommand=/bin/sh -c 'while true; do echo hello; sleep 0.2; done'\nstartsecs=0\n");
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("hello", "RUNNING", WAIT);
      Path screen = dir.resolve("tail.txt");
      // SIGINT back to its default first: a child of this JVM may inherit it ignored, as from `cmd &`.
      Process tail = new ProcessBuilder("/usr/bin/python3", "-c",
          "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(),
          "ctl", "-s", "unix://" + d.socket, "tail", "-f", "hello")
          .redirectErrorStream(true).redirectOutput(screen.toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(screen).contains("hello\nhello\n")) {
          assertThat(System.nanoTime() - deadline).as("no tail output: %s", Files.readString(screen)).isNegative();
          Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(tail.pid())).start().waitFor();
        assertThat(tail.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).as("Ctrl-C ends tail -f as supervisorctl's does (was 130: the JVM died)").isZero();
      } finally {
        tail.destroyForcibly();
      }
    }
  }

  @Test
  void missingConfigFile_exits2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SupervisordMain.run(new String[] {"-c", dir.resolve("nope.conf").toString()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: could not find config file " + dir.resolve("nope.conf"));
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }

  private static List<ProcessHandle> awaitDescendants(DaemonProcess d, int atLeast) throws Exception {
    ProcessHandle daemon = ProcessHandle.of(d.pid()).orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<ProcessHandle> all = daemon.descendants().collect(Collectors.toList());
      if (all.size() >= atLeast || System.nanoTime() - deadline > 0) {
        assertThat(all).hasSizeGreaterThanOrEqualTo(atLeast);
        return all;
      }
      Thread.sleep(50);
    }
  }

  private static List<Path> autoFiles(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains("---")).toList();
    }
  }
}
