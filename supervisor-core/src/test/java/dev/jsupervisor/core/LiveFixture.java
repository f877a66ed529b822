package dev.jsupervisor.core;

import static org.awaitility.Awaitility.await;

import dev.jsupervisor.core.log.LogFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real {@link Supervisor} (default POSIX launcher, real clocks, AUTO logs in a temp directory)
 * with recorders, for the integration tests. {@link #close()} shuts it down and kills whatever of
 * ours is still alive, so no test leaks a process even when it fails half-way.
 */
final class LiveFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** A spec with a short stopwaitsecs, so a stuck test process does not hold up the teardown. */
  static ProcessSpec.Builder spec(String name, String command) {
    return ProcessSpec.builder(name, command).stopwaitsecs(Duration.ofSeconds(5));
  }

  final Path logDir;
  final RecordingListener listener = new RecordingListener();
  final TimedActivityLog activity = new TimedActivityLog();
  private Supervisor supervisor;
  private final List<Integer> extraPids = new ArrayList<>();

  LiveFixture(Path logDir) {
    this.logDir = logDir;
  }

  /** Builds and starts a supervisor over {@code groups}; {@code custom} may add builder settings. */
  Supervisor start(Consumer<Supervisor.Builder> custom, GroupSpec... groups) {
    Supervisor.Builder b = Supervisor.builder().childLogDir(logDir).activityLog(activity);
    for (GroupSpec g : groups) {
      b.group(g);
    }
    custom.accept(b);
    supervisor = b.build();
    supervisor.addListener(listener, Runnable::run);
    supervisor.startAsync();
    return supervisor;
  }

  Supervisor start(GroupSpec... groups) {
    return start(b -> { }, groups);
  }

  /** Each spec alone in a group of its own name. */
  Supervisor start(ProcessSpec... specs) {
    GroupSpec[] groups = new GroupSpec[specs.length];
    for (int i = 0; i < specs.length; i++) {
      groups[i] = GroupSpec.single(specs[i]);
    }
    return start(groups);
  }

  Supervisor supervisor() {
    return supervisor;
  }

  /** A pid the test found out about (a grandchild) that close() must kill if it still lives. */
  void track(int pid) {
    extraPids.add(pid);
  }

  ProcessInfo info(String name) {
    return info(ProcessName.parse(name));
  }

  ProcessInfo info(ProcessName name) {
    return supervisor.snapshot().process(name).orElseThrow();
  }

  ProcessInfo awaitState(String name, ProcessState state) {
    return awaitState(ProcessName.parse(name), state);
  }

  ProcessInfo awaitState(ProcessName name, ProcessState state) {
    await().atMost(WAIT).until(() -> info(name).state() == state);
    return info(name);
  }

  Path logFile(String name, Channel channel) throws ControlException {
    return supervisor.logFile(ProcessName.parse(name), channel).orElseThrow();
  }

  /** The whole current log file of one channel, read as an RPC client would (LogFiles.read). */
  String log(String name, Channel channel) throws ControlException {
    return new String(LogFiles.read(logFile(name, channel), 0, 0), StandardCharsets.UTF_8);
  }

  String awaitLogContaining(String name, Channel channel, String text) throws ControlException {
    Path file = logFile(name, channel);
    await().atMost(WAIT).until(() -> Files.exists(file)
        && new String(LogFiles.read(file, 0, 0), StandardCharsets.UTF_8).contains(text));
    return log(name, channel);
  }

  /** Whether {@code pid} is a live process (a zombie counts as dead: it cannot run any more). */
  static boolean isAlive(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // "pid (comm) S ...": the state follows the last ')' (comm may contain spaces and parens).
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code Uid:} line of /proc/pid/status, or empty if the process is gone. */
  static Optional<String> uidLine(int pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("Uid:")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (supervisor != null) {
        supervisor.stopAsync();
        supervisor.awaitTerminated(Duration.ofSeconds(30));
      }
    } finally {
      // Safety net only: a failed test must not leave processes behind for the next one.
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
      for (int pid : extraPids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
