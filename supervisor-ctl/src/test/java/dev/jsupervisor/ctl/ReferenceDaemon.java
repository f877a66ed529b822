package dev.jsupervisor.ctl;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A supervisord started for a test: {@code <daemon> -n -c <dir>/supervisord.conf} in a fresh temp
 * directory. The daemon command comes from the system property {@code ctl.it.supervisord}
 * (default {@code /usr/bin/supervisord}; may contain arguments, e.g. {@code java -jar x.jar}), so
 * the same tests can later run against our Java daemon. {@link #close()} kills it.
 */
final class ReferenceDaemon implements AutoCloseable {
  static final String PROGRAMS = """
      [program:sleeper]
      command=/bin/sh -c 'echo hello; echo oops >&2; exec sleep 1000'
      startsecs=0

      [program:failer]
      command=/bin/false
      startsecs=1
      startretries=0

      [program:manual]
      command=/bin/sleep 1000
      autostart=false

      [group:grp]
      programs=sleeper2,manual2

      [program:sleeper2]
      command=/bin/sleep 1000
      startsecs=0

      [program:manual2]
      command=/bin/sleep 1000
      autostart=false

      [program:worker]
      command=/bin/sleep 1000
      numprocs=2
      process_name=%(program_name)s_%(process_num)02d
      startsecs=0
      """;

  final Path dir;
  final Path conf;
  final String serverUrl;
  private final Process process;

  private ReferenceDaemon(Path dir, Path conf, String serverUrl, Process process) {
    this.dir = dir;
    this.conf = conf;
    this.serverUrl = serverUrl;
    this.process = process;
  }

  /** Starts a daemon on a unix socket with the standard test programs. */
  static ReferenceDaemon unix(Path dir) throws Exception {
    return start(dir, null, null, PROGRAMS);
  }

  /** Starts a daemon on 127.0.0.1:random with Basic auth. */
  static ReferenceDaemon inet(Path dir, String user, String password) throws Exception {
    return start(dir, user, password, PROGRAMS);
  }

  static ReferenceDaemon start(Path dir, String user, String password, String programs) throws Exception {
    Files.createDirectories(dir);
    String url;
    String server;
    if (user == null) {
      url = "unix://" + dir.resolve("s.sock");
      server = "[unix_http_server]\nfile=" + dir.resolve("s.sock") + "\n";
    } else {
      int port = freePort();
      url = "http://127.0.0.1:" + port;
      server = "[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=" + user + "\npassword="
          + password + "\n";
    }
    Path conf = dir.resolve("supervisord.conf");
    writeConf(conf, dir, server, url, programs);
    List<String> cmd = new ArrayList<>(Arrays.asList(
        System.getProperty("ctl.it.supervisord", "/usr/bin/supervisord").trim().split("\\s+")));
    cmd.addAll(List.of("-n", "-c", conf.toString()));
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("daemon.out").toFile())
        .start();
    ReferenceDaemon d = new ReferenceDaemon(dir, conf, url, p);
    try {
      d.awaitSettled(user, password);
    } catch (Exception | AssertionError e) {
      d.close();
      throw e;
    }
    return d;
  }

  /** Rewrites the config with other programs (for reread/update tests). */
  void rewritePrograms(String programs) throws IOException {
    String text = Files.readString(conf);
    int at = text.indexOf("[program:");
    Files.writeString(conf, text.substring(0, at) + programs);
  }

  private static void writeConf(Path conf, Path dir, String server, String url, String programs)
      throws IOException {
    String text = "[supervisord]\nlogfile=" + dir.resolve("supervisord.log") + "\npidfile="
        + dir.resolve("supervisord.pid") + "\nchildlogdir=" + dir + "\n\n" + server + "\n"
        + "[rpcinterface:supervisor]\n"
        + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
        + "[supervisorctl]\nserverurl=" + url + "\n\n" + programs;
    Files.writeString(conf, text, StandardCharsets.UTF_8);
  }

  /** Waits until the server answers and no process is STARTING or BACKOFF. */
  void awaitSettled(String user, String password) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (SupervisorClient c = new SupervisorClient(ServerUrl.parse(serverUrl), user, password)) {
      while (true) {
        if (!process.isAlive()) {
          throw new AssertionError("daemon exited: " + Files.readString(dir.resolve("daemon.out")));
        }
        try {
          boolean settled = true;
          for (ProcessInfo p : c.getAllProcessInfo()) {
            settled &= p.state() != 10 && p.state() != 30 && p.state() != 40;
          }
          if (settled) {
            return;
          }
        } catch (ServerException | RpcFault e) {
          // not up yet
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("daemon did not settle in 20 s");
        }
        Thread.sleep(100);
      }
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the daemon to exit by itself (after {@code shutdown}). */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: supervisord stops its children and exits
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
