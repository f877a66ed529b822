package dev.jsupervisor.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A supervisord started for a test in its own JVM or Python process: ours ({@link #java}) from the
 * test classpath, exactly what {@code supervisord.jar} runs, or the reference ({@link #python}).
 * Drives it with Debian's real {@code supervisorctl}.
 */
final class DaemonProcess implements AutoCloseable {
  final Path dir;
  final Path conf;
  final Path socket;
  private final Process process;
  private final Path output;

  private DaemonProcess(Path dir, Path conf, Process process, Path output) {
    this.dir = dir;
    this.conf = conf;
    this.socket = dir.resolve("supervisor.sock");
    this.process = process;
    this.output = output;
  }

  /**
   * Writes a config into {@code dir}: the given program sections after a standard head
   * ({@code [unix_http_server]} in dir, {@code [supervisord]} logging into dir, rpcinterface,
   * {@code [supervisorctl]}).
   */
  static Path writeConfig(Path dir, String programs) throws IOException {
    return writeConfig(dir, "", programs);
  }

  /** As {@link #writeConfig(Path, String)}, with {@code supervisordKeys} (lines) added to {@code [supervisord]}. */
  static Path writeConfig(Path dir, String supervisordKeys, String programs) throws IOException {
    String head = String.join("\n",
        "[unix_http_server]",
        "file=" + dir.resolve("supervisor.sock"),
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "nodaemon=true",
        supervisordKeys + "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[supervisorctl]",
        "serverurl=unix://" + dir.resolve("supervisor.sock"),
        "");
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, head + programs);
    return conf;
  }

  /** Starts our daemon on {@code conf} and waits for its socket. */
  static DaemonProcess java(Path dir, Path conf) throws Exception {
    return java(dir, conf, java.util.Map.of());
  }

  /** Starts our daemon on {@code conf} with {@code env} added to its environment, and waits for its socket. */
  static DaemonProcess java(Path dir, Path conf, java.util.Map<String, String> env) throws Exception {
    return start(dir, conf, ourDaemon(conf), env);
  }

  /** Our daemon on {@code conf}, run from the test classpath: what {@code supervisord.jar} runs. */
  private static List<String> ourDaemon(Path conf) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), SupervisordMain.class.getName(), "-c", conf.toString());
  }

  /**
   * Starts our daemon exactly as the README launches it, {@code java -jar JAR -c conf} (no JVM flags:
   * the jar tunes the JVM it re-executes), and waits for its socket.
   */
  static DaemonProcess jar(Path dir, Path conf, Path jar) throws Exception {
    return start(dir, conf, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "-c", conf.toString()));
  }

  /** Starts our daemon on {@code conf} with {@code ulimit -n nofile}, and waits for its socket. */
  static DaemonProcess javaWithOpenFileLimit(Path dir, Path conf, int nofile) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n " + nofile + " && exec \"$0\" \"$@\""));
    cmd.addAll(ourDaemon(conf));
    return start(dir, conf, cmd);
  }

  /**
   * Starts Python supervisord 4.2.5 on {@code conf} and waits for its socket. It is started with an
   * empty signal mask, as from a shell: a child of this JVM would inherit SIGQUIT blocked.
   */
  static DaemonProcess python(Path dir, Path conf) throws Exception {
    return python(dir, conf, java.util.Map.of());
  }

  /** As {@link #python(Path, Path)}, with {@code env} added to its environment. */
  static DaemonProcess python(Path dir, Path conf, java.util.Map<String, String> env) throws Exception {
    return start(dir, conf, List.of("/usr/bin/python3", "-c",
        "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
        "/usr/bin/supervisord", "-n", "-c", conf.toString()), env);
  }

  private static DaemonProcess start(Path dir, Path conf, List<String> cmd) throws Exception {
    return start(dir, conf, cmd, java.util.Map.of());
  }

  private static DaemonProcess start(Path dir, Path conf, List<String> cmd, java.util.Map<String, String> env)
      throws Exception {
    Path output = dir.resolve("daemon-output.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    DaemonProcess d = new DaemonProcess(dir, conf, p, output);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(d.socket)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("daemon exited " + p.exitValue() + ": " + d.output());
      }
      if (System.nanoTime() - deadline > 0) {
        d.close();
        throw new IllegalStateException("daemon did not open its socket: " + d.output());
      }
      Thread.sleep(50);
    }
    return d;
  }

  long pid() {
    return process.pid();
  }

  String output() throws IOException {
    return Files.exists(output) ? Files.readString(output) : "";
  }

  /** Runs Debian's supervisorctl against this daemon (by URL: the config may be broken on purpose). */
  CtlResult ctl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/supervisorctl", "-s", "unix://" + socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("supervisorctl hung: " + cmd);
    }
    return new CtlResult(new String(out, StandardCharsets.UTF_8), p.exitValue());
  }

  /** Waits until {@code supervisorctl status} shows every line matching {@code state} for {@code name}. */
  void awaitState(String namespec, String state, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      last = ctl("status", namespec).output();
      if (last.matches("(?s)\\S+\\s+" + state + "\\b.*")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(namespec + " did not reach " + state + "; last status: " + last);
  }

  /** Sends a signal to the daemon. */
  void signal(String name) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  /** Waits for the daemon to exit; returns its status. */
  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("daemon did not exit within " + timeout + ": " + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      signal("TERM");
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  record CtlResult(String output, int exitCode) {}
}
