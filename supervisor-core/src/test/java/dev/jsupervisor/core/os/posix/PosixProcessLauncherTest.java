package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jsupervisor.core.ExitStatus;
import dev.jsupervisor.core.OpenDescriptors;
import dev.jsupervisor.core.spi.ChildProcess;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.LaunchRequest;
import dev.jsupervisor.core.spi.OutputSink;
import dev.jsupervisor.core.spi.StdinFullException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class PosixProcessLauncherTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private PosixProcessLauncher launcher;
  private final List<ChildProcess> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    launcher = PosixProcessLauncher.create();
  }

  @AfterEach
  void tearDown() {
    for (ChildProcess c : started) {
      try {
        c.signal(9, true);
      } catch (IOException e) {
        // already gone
      }
    }
    launcher.close();
  }

  private ChildProcess start(Captured out, Captured err, LaunchRequest r) throws LaunchException {
    ChildProcess c = launcher.launch(r, out);
    started.add(c);
    return c;
  }

  private static LaunchRequest request(List<String> argv, OutputSink out, OutputSink err) {
    return new LaunchRequest("test", argv, ENV, Optional.empty(), Optional.empty(), Optional.empty(), false, out, err);
  }

  private static ExitStatus exitOf(Captured c) throws Exception {
    return c.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void launch_anyChild_leadsItsOwnProcessGroup() throws Exception {
    Captured out = new Captured();
    ChildProcess c = start(out, out, request(List.of("/bin/sleep", "1000"), out, out));
    assertThat(pgrpOf(c.pid())).isEqualTo(c.pid());
    c.signal(15, false);
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Signalled(15));
  }

  @Test
  void launch_envCwdUmask_reachTheChild(@TempDir Path dir) throws Exception {
    Captured out = new Captured();
    LaunchRequest r = new LaunchRequest("t", List.of("/bin/sh", "-c", "echo \"$FOO\"; env | wc -l; pwd; umask"),
        Map.of("FOO", "bar baz", "PATH", "/usr/bin:/bin"), Optional.of(dir), Optional.of(027), Optional.empty(),
        false, out, OutputSink.DISCARD);
    start(out, out, r);
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    // sh adds PWD (and may add SHLVL/_) itself; everything else must be exactly ours
    assertThat(out.text()).startsWith("bar baz\n").endsWith(dir.toRealPath() + "\n0027\n");
  }

  @Test
  void launch_missingDirectory_failsWithSupervisordText() {
    Captured out = new Captured();
    LaunchRequest r = new LaunchRequest("t", List.of("/bin/true"), ENV, Optional.of(Path.of("/nonexistent-dir")),
        Optional.empty(), Optional.empty(), false, out, out);
    assertThatThrownBy(() -> launcher.launch(r, out))
        .isInstanceOf(LaunchException.class)
        .hasMessage("couldn't chdir to /nonexistent-dir: ENOENT");
  }

  @Test
  void launch_missingCommand_failsWithSupervisordText() {
    Captured out = new Captured();
    assertThatThrownBy(() -> launcher.launch(request(List.of("/no/such/cmd"), out, out), out))
        .hasMessage("can't find command '/no/such/cmd'");
  }

  @Test
  void writeStdin_cat_echoesOnStdout() throws Exception {
    Captured out = new Captured();
    ChildProcess c = start(out, out, request(List.of("/bin/cat"), out, OutputSink.DISCARD));
    c.writeStdin("hello\n".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> out.text().equals("hello\n"));
    assertThat(out.exit).isNotDone(); // stdin stays open: cat keeps running
    c.closeStdin();
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThatThrownBy(() -> c.writeStdin(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void writeStdinAsync_aFullPipeNeverBlocks_norHoldsUpAnotherChild() throws Exception {
    Captured sleeperOut = new Captured();
    Captured catOut = new Captured();
    ChildProcess sleeper = start(sleeperOut, sleeperOut, request(List.of("/bin/sleep", "1000"), sleeperOut, sleeperOut));
    ChildProcess cat = start(catOut, catOut, request(List.of("/bin/cat"), catOut, OutputSink.DISCARD));
    CompletableFuture<IOException> big = new CompletableFuture<>();
    sleeper.writeStdinAsync(new byte[4 << 20], big::complete); // far beyond the pipe: a blocking write would hang here
    CompletableFuture<IOException> small = new CompletableFuture<>();
    cat.writeStdinAsync("hello\n".getBytes(StandardCharsets.UTF_8), small::complete);
    assertThat(small.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    await().atMost(WAIT).until(() -> catOut.text().equals("hello\n"));
    assertThat(big).isNotDone();
    sleeper.closeStdin();
    assertThat(big.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    sleeper.signal(9, false);
    cat.closeStdin();
    assertThat(exitOf(sleeperOut)).isEqualTo(new ExitStatus.Signalled(9));
    assertThat(exitOf(catOut)).isEqualTo(new ExitStatus.Exited(0));
  }

  @Test
  void writeStdinAsync_aPipeThatDrainsSlowly_getsEveryByteInOrder() throws Exception {
    Captured out = new Captured();
    ChildProcess c = start(out, out, request(List.of("/bin/sh", "-c", "sleep 0.3; exec /usr/bin/wc -c"), out, out));
    CompletableFuture<IOException> first = new CompletableFuture<>();
    CompletableFuture<IOException> second = new CompletableFuture<>();
    // both within the child's buffer, far beyond the pipe
    c.writeStdinAsync(new byte[ChildProcess.STDIN_BUFFER_BYTES / 2], first::complete);
    c.writeStdinAsync(new byte[ChildProcess.STDIN_BUFFER_BYTES / 2], second::complete);
    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    c.closeStdin();
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.text().strip()).isEqualTo(Integer.toString(ChildProcess.STDIN_BUFFER_BYTES));
  }

  @Test
  void writeStdinAsync_childNotReading_bufferBounded_refusesAtOnceThenTakesAgainOnceRead(@TempDir Path dir)
      throws Exception {
    Captured out = new Captured();
    // reads nothing until told (a file appears), then everything
    Path go = dir.resolve("go");
    ChildProcess c = start(out, out, request(List.of("/bin/sh", "-c",
        "while [ ! -e " + go + " ]; do sleep 0.05; done; exec /usr/bin/wc -c"), out, out));
    CompletableFuture<IOException> first = new CompletableFuture<>();
    c.writeStdinAsync(new byte[ChildProcess.STDIN_BUFFER_BYTES], first::complete);
    CompletableFuture<IOException> refused = new CompletableFuture<>();
    c.writeStdinAsync(new byte[ChildProcess.STDIN_BUFFER_BYTES], refused::complete);
    assertThat(refused).isDone(); // at once, on this thread
    assertThat(refused.get()).isInstanceOf(StdinFullException.class).hasMessageContaining("stdin buffer of")
        .hasMessageContaining("bytes not yet read");
    assertThat(first).isNotDone();
    Files.createFile(go);
    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    CompletableFuture<IOException> again = new CompletableFuture<>();
    c.writeStdinAsync(new byte[10], again::complete);
    assertThat(again.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    c.closeStdin();
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.text().strip()).isEqualTo(Integer.toString(ChildProcess.STDIN_BUFFER_BYTES + 10));
  }

  @Test
  void writeStdin_childClosedStdin_throwsEpipeAndJvmSurvives() throws Exception {
    Captured out = new Captured();
    ChildProcess c = start(out, out, request(List.of("/bin/sh", "-c", "exec 0<&-; echo ready; exec sleep 1000"), out, out));
    await().atMost(WAIT).until(() -> out.text().equals("ready\n"));
    assertThatThrownBy(() -> c.writeStdin("x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("EPIPE");
    c.signal(9, false);
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Signalled(9));
  }

  @Test
  void onExit_exitCodeAndSignalDeath_reported() throws Exception {
    Captured three = new Captured();
    Captured killed = new Captured();
    start(three, three, request(List.of("/bin/sh", "-c", "exit 3"), three, three));
    start(killed, killed, request(List.of("/bin/sh", "-c", "kill -KILL $$"), killed, killed));
    assertThat(exitOf(three)).isEqualTo(new ExitStatus.Exited(3));
    assertThat(exitOf(killed)).isEqualTo(new ExitStatus.Signalled(9));
    assertThat(three.exitCalls).isEqualTo(1);
  }

  @Test
  void signal_group_reachesGrandchildren() throws Exception {
    Captured out = new Captured();
    ChildProcess c = start(out, out, request(List.of("/bin/sh", "-c", "sleep 1000 & sleep 1000"), out, out));
    await().atMost(WAIT).until(() -> groupMembers(c.pid()).size() == 3);
    c.signal(9, true);
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Signalled(9));
    await().atMost(WAIT).until(() -> groupMembers(c.pid()).isEmpty());
    c.signal(15, true); // the group is gone: ESRCH is not an error
    c.signal(15, false);
  }

  @Test
  void launch_onSpawned_hasThePidBeforeTheFirstOutputByte() throws Exception {
    Captured out = new Captured();
    AtomicInteger spawned = new AtomicInteger();
    AtomicInteger pidAtFirstByte = new AtomicInteger(-1);
    OutputSink sink = (buf, off, len) -> {
      pidAtFirstByte.compareAndSet(-1, spawned.get());
      out.write(buf, off, len);
    };
    ChildProcess c = start(out, out, request(List.of("/bin/echo", "at once"), sink, sink).withOnSpawned(spawned::set));
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.text()).isEqualTo("at once\n");
    assertThat(spawned.get()).isEqualTo(c.pid());
    assertThat(pidAtFirstByte.get()).isEqualTo(c.pid());
  }

  @Test
  void launch_redirectStderr_mergesIntoStdout() throws Exception {
    Captured out = new Captured();
    Captured err = new Captured();
    LaunchRequest r = new LaunchRequest("t", List.of("/bin/sh", "-c", "echo out; echo err >&2"), ENV,
        Optional.empty(), Optional.empty(), Optional.empty(), true, out, err);
    start(out, err, r);
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.text()).isEqualTo("out\nerr\n");
    assertThat(err.text()).isEmpty();
  }

  @Test
  void launch_separateStderr_keepsStreamsApart() throws Exception {
    Captured out = new Captured();
    Captured err = new Captured();
    start(out, err, request(List.of("/bin/sh", "-c", "echo out; echo err >&2"), out, err));
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.text()).isEqualTo("out\n");
    assertThat(err.text()).isEqualTo("err\n");
  }

  @Test
  void launch_child_getsOnlyStdioDefaultSignalsAndEmptyMask() throws Exception {
    Captured out = new Captured();
    // grep execs in the shell's place and reads its own status: a grep forked by dash could read the
    // shell's while dash still blocks every signal around its fork (a race that fails under load)
    start(out, out, request(List.of("/bin/sh", "-c", "ls /proc/$$/fd; exec grep -E '^Sig(Blk|Ign)' /proc/self/status"), out, out));
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.text()).startsWith("0\n1\n2\n").contains("SigBlk:\t0000000000000000\n").contains("SigIgn:\t0000000000000000\n");
  }

  @Test
  void onExit_afterEveryByteTheChildWrote() throws Exception {
    Captured out = new Captured();
    start(out, out, request(List.of("/usr/bin/seq", "1", "200000"), out, out));
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.sizeAtExit).isEqualTo(1288895);
  }

  @Test
  void launch_asRootWithUserNobody_runsAsNobody() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Native.LIBC.getuid() == 0, "needs root");
    Captured out = new Captured();
    LaunchRequest r = new LaunchRequest("t", List.of("/bin/sleep", "1000"), ENV, Optional.empty(), Optional.empty(),
        Optional.of("nobody"), false, out, out);
    ChildProcess c = start(out, out, r);
    Path status = Path.of("/proc/" + c.pid() + "/status");
    await().atMost(WAIT).until(() -> Files.readString(status).startsWith("Name:\tsleep"));
    String s = Files.readString(status);
    assertThat(s).contains("Uid:\t65534\t65534\t65534\t65534\n").contains("Gid:\t65534\t65534\t65534\t65534\n")
        .contains("CapEff:\t0000000000000000\n").contains("CapPrm:\t0000000000000000\n");
    assertThat(pgrpOf(c.pid())).isEqualTo(c.pid());
    c.signal(15, true);
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Signalled(15));
  }

  @Test
  void launch_unknownUser_fails() {
    Captured out = new Captured();
    LaunchRequest r = new LaunchRequest("t", List.of("/bin/true"), ENV, Optional.empty(), Optional.empty(),
        Optional.of("no-such-user-x"), false, out, out);
    assertThatThrownBy(() -> launcher.launch(r, out)).hasMessage("couldn't setuid to no-such-user-x: Can't find username 'no-such-user-x'");
  }

  @Test
  void launch_hundredChildren_noExtraThreadsAndNoLeakedFds() throws Exception {
    long fdsBefore = openFds();
    int threadsBefore = Thread.activeCount();
    List<Captured> exits = new ArrayList<>();
    List<ChildProcess> children = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Captured out = new Captured();
      exits.add(out);
      children.add(start(out, out, request(List.of("/bin/sleep", "1000"), out, out)));
    }
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
    assertThat(openFds()).isEqualTo(fdsBefore + 400);
    for (ChildProcess c : children) {
      c.signal(9, false);
    }
    for (Captured out : exits) {
      assertThat(exitOf(out)).isEqualTo(new ExitStatus.Signalled(9));
    }
    await().atMost(WAIT).until(() -> launcher.watchedCount() == 0);
    assertThat(openFds()).isEqualTo(fdsBefore);
  }

  @Test
  void onExit_grandchildHoldsPipe_outputKeepsFlowingUntilEof() throws Exception {
    Captured out = new Captured();
    // the grandchild prints only once its stdin reaches EOF, i.e. after the reap closed our end
    start(out, out, request(List.of("/bin/sh", "-c", "(read x; sleep 0.5; echo late) <&0 & echo early"), out, out));
    assertThat(exitOf(out)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(out.sizeAtExit).isEqualTo(6);
    await().atMost(WAIT).until(() -> out.text().equals("early\nlate\n"));
    await().atMost(WAIT).until(() -> launcher.watchedCount() == 0);
    assertThat(out.exitCalls).isEqualTo(1);
  }

  @Test
  void close_stopsTheIoThread() {
    long before = ioThreads();
    PosixProcessLauncher other = PosixProcessLauncher.create();
    assertThat(ioThreads()).isEqualTo(before + 1);
    other.close();
    other.close();
    assertThat(ioThreads()).isEqualTo(before);
  }

  private static long ioThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("supervisor-io")).count();
  }

  /** Our open descriptors, without the jars and libraries the JVM opens lazily ({@link OpenDescriptors}). */
  private static long openFds() throws IOException {
    return OpenDescriptors.list().size();
  }


  private static int pgrpOf(int pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[2]);
  }

  private static List<Integer> groupMembers(int pgid) throws IOException {
    List<Integer> members = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          try {
            String stat = Files.readString(p.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (Integer.parseInt(f[2]) == pgid && !f[0].equals("Z")) {
              members.add(Integer.parseInt(name));
            }
          } catch (IOException e) {
            // exited meanwhile
          }
        }
      }
    }
    return members;
  }
}
