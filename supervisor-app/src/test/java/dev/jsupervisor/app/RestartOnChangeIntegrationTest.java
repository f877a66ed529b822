package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's restart_* keys in the real daemon with real programs and real files: one restart per
 * change (a burst, an editor's write-rename), pattern filtering, a directory created after the start,
 * signal without restart, command without restart, a symlink swap and an mv over the binary, and a
 * watched directory deleted under the daemon. Each program appends a line to a file when it starts.
 */
@Tag("integration")
final class RestartOnChangeIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Longer than the debounce and the watch's latency: a second action would have happened by then. */
  private static final long SETTLE_MS = 1500;

  @TempDir Path dir;

  private List<String> lines(String file) throws Exception {
    Path p = dir.resolve(file);
    return Files.exists(p) ? Files.readAllLines(p) : List.of();
  }

  private void awaitLines(String file, int n) throws Exception {
    awaitTrue(() -> lines(file).size() >= n, file + " to have " + n + " lines");
  }

  private static void awaitTrue(Callable<Boolean> check, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.call()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private String starter(String name) {
    return "/bin/sh -c 'echo $$ >> " + dir.resolve(name + ".starts") + "; exec sleep 1000'";
  }

  private void script(Path file, String version) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\necho " + version + " >> " + dir.resolve("bin.starts") + "\nexec sleep 1000\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  @Timeout(120)
  void everyTriggerAndAction() throws Exception {
    Path watched = Files.createDirectories(dir.resolve("watched"));
    Path sigdir = Files.createDirectories(dir.resolve("sigdir"));
    Path cmddir = Files.createDirectories(dir.resolve("cmddir"));
    Path gonedir = Files.createDirectories(dir.resolve("gonedir"));
    Files.writeString(gonedir.resolve("a.txt"), "a");
    script(dir.resolve("v1/app"), "v1");
    script(dir.resolve("v2/app"), "v2");
    Files.createSymbolicLink(dir.resolve("current"), Path.of("v1"));
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:files]",
        "command=" + starter("files"),
        "startsecs=0",
        "restart_directory_monitor=" + watched,
        "restart_file_pattern=*.conf",
        "[program:sig]",
        "command=/bin/sh -c 'trap \"echo HUP >> " + dir.resolve("sig.hups") + "\" HUP; echo $$ >> "
            + dir.resolve("sig.starts") + "; while true; do sleep 0.1; done'",
        "startsecs=0",
        "restart_directory_monitor=" + sigdir,
        "restart_signal_when_file_changed=HUP",
        "[program:cmd]",
        "command=" + starter("cmd"),
        "startsecs=0",
        "restart_directory_monitor=" + cmddir,
        "restart_cmd_when_file_changed=/bin/sh -c \"echo ran; echo ran >> " + dir.resolve("cmd.ran") + "\"",
        "[program:bin]",
        "command=" + dir.resolve("current/app"),
        "startsecs=0",
        "restart_when_binary_changed=true",
        "[program:gone]",
        "command=" + starter("gone"),
        "startsecs=0",
        "restart_directory_monitor=" + gonedir,
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      for (String p : List.of("files", "sig", "cmd", "bin", "gone")) {
        d.awaitState(p, "RUNNING", WAIT);
      }
      awaitLines("bin.starts", 1);
      Path log = dir.resolve("supervisord.log");

      // pattern filtering: a file that does not match does nothing
      Files.writeString(watched.resolve("notes.txt"), "x");
      Thread.sleep(SETTLE_MS);
      assertThat(lines("files.starts")).hasSize(1);

      // a burst of 500 matching files: exactly one restart
      for (int i = 0; i < 500; i++) {
        Files.writeString(watched.resolve("f" + i + ".conf"), "x");
      }
      long burstEnd = System.nanoTime();
      awaitLines("files.starts", 2);
      assertThat(Duration.ofNanos(System.nanoTime() - burstEnd)).as("restarted soon after the burst").isLessThan(WAIT);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("files.starts")).hasSize(2);

      // an editor's write-then-rename: one restart
      Files.writeString(watched.resolve(".app.conf.swp"), "new");
      Files.move(watched.resolve(".app.conf.swp"), watched.resolve("app.conf"), StandardCopyOption.ATOMIC_MOVE);
      awaitLines("files.starts", 3);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("files.starts")).hasSize(3);

      // a directory created after the start: its files count too
      Path deeper = Files.createDirectories(watched.resolve("new/deeper"));
      Thread.sleep(SETTLE_MS);
      assertThat(lines("files.starts")).as("creating directories matches no *.conf").hasSize(3);
      Files.writeString(deeper.resolve("x.conf"), "x");
      awaitLines("files.starts", 4);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("files.starts")).hasSize(4);

      // signal without restart
      Files.writeString(sigdir.resolve("nginx.conf"), "x");
      awaitLines("sig.hups", 1);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("sig.hups")).hasSize(1);
      assertThat(lines("sig.starts")).hasSize(1);

      // command without restart
      Files.writeString(cmddir.resolve("c.conf"), "x");
      awaitLines("cmd.ran", 1);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("cmd.ran")).hasSize(1);
      assertThat(lines("cmd.starts")).hasSize(1);
      assertThat(Files.readString(log)).contains("'cmd' restart command output: ran");

      // a symlink swap of a directory on the binary's path: restarts into the new release
      Path tmpLink = Files.createSymbolicLink(dir.resolve("current.tmp"), Path.of("v2"));
      Files.move(tmpLink, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      awaitLines("bin.starts", 2);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("bin.starts")).containsExactly("v1", "v2");

      // mv over the (new) real file: restarts again
      script(dir.resolve("v2/app.new"), "v2b");
      Files.move(dir.resolve("v2/app.new"), dir.resolve("v2/app"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      awaitLines("bin.starts", 3);
      Thread.sleep(SETTLE_MS);
      assertThat(lines("bin.starts")).containsExactly("v1", "v2", "v2b");

      // a watched directory deleted: one restart for the deleted file, a warning, nothing breaks
      Files.delete(gonedir.resolve("a.txt"));
      Files.delete(gonedir);
      awaitLines("gone.starts", 2);
      awaitTrue(() -> Files.readString(log).contains("(watched for 'gone') is gone"), "the lost-watch warning");
      d.awaitState("gone", "RUNNING", WAIT);
      d.awaitState("files", "RUNNING", WAIT);
      assertThat(lines("files.starts")).hasSize(4);

      String mainLog = Files.readString(log);
      assertThat(mainLog).contains("restart on change: 'files' monitored files changed (")
          .contains("restart on change: 'sig' monitored files changed (" + sigdir.resolve("nginx.conf") + "): sending SIGHUP")
          .contains("restart on change: 'bin' binary changed (" + dir.resolve("current") + "): restarting it");
      assertThat(d.output()).doesNotContain("Exception");
    }
  }
}
