package dev.jsupervisor.app;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the static class-data-sharing archive ({@code supervisord.jsa}) next to the daemon jar at
 * package time: the classes a daemon loads are then mapped from the archive at start-up instead of
 * being read, verified and linked from the jar, which is most of a start-up's CPU. {@link JvmTuning}
 * adds the archive to the daemon's JVM when it is there and was built for that very jar.
 *
 * <p>{@code java -cp supervisord.jar dev.jsupervisor.app.CdsTraining ARCHIVE} does it in two steps.
 * First a training daemon, started with the README's command ({@code java -jar supervisord.jar -n -c
 * FILE}, so it re-executes itself with its tuned flags exactly as a user's daemon does) plus {@code
 * -Xshare:off -XX:DumpLoadedClassList=LIST}, runs a throw-away config of a few programs while this JVM
 * makes the calls supervisorctl makes over the unix socket (status, stop, start, a fault, shutdown);
 * the daemon writes the names of the classes it loaded to {@code LIST} as it goes. Then {@code java
 * -Xshare:dump} writes one static archive of those classes, JDK classes included: it replaces the JDK's
 * own {@code classes.jsa} as well, instead of adding a dynamic archive on top of it.
 *
 * <p>The training is lean on purpose: every page of a mapped archive ends up resident whether its
 * classes are used or not, so classes only a web page, REST, a log tail or a {@code /metrics} scrape
 * needs stay out and come from the jar the first time they are used. Measured against the dynamic
 * archive of a full training (web page, REST, log tail) on top of the JDK's: 28 MB of archive instead
 * of 20 + 13 MB, RSS 77.7 → 72.2 MB at 200 idle programs and 91.0 → 83.5 MB at 500, start-up CPU
 * unchanged within the noise (see bench/README.md "Footprint").
 *
 * <p>Runs on Maven's thread in the {@code cds-archive} execution. Any failure (the daemon does not
 * answer, a call fails, the dump fails, the archive does not map) ends this JVM with status 1 and a
 * message on stderr, after killing the training daemon and its programs; an archive of an earlier jar
 * is deleted first, so it never outlives that jar.
 */
public final class CdsTraining {
  /** Limit of each step (the daemon's start, one call, its exit, the dump). */
  private static final long STEP_SECONDS = 60;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--check")) {
      return; // run with -Xshare:on against the new archive: the JVM has mapped it (see check())
    }
    if (args.length != 1) {
      System.err.println("usage: CdsTraining ARCHIVE");
      System.exit(2);
    }
    Path archive = Path.of(args[0]).toAbsolutePath();
    Optional<Path> jar = JvmCommand.singleJar();
    if (jar.isEmpty()) {
      System.err.println("CdsTraining: run it with -cp supervisord.jar");
      System.exit(2);
    }
    Files.deleteIfExists(archive); // an archive of an earlier jar must never outlive it
    Path dir = Files.createTempDirectory("jsupervisor-cds");
    try {
      Path classList = dir.resolve("classes.lst");
      train(jar.get(), dir, classList);
      dump(jar.get(), classList, archive, dir);
      check(jar.get(), archive, dir);
    } catch (TrainingFailed e) {
      Files.deleteIfExists(archive);
      System.err.println("CdsTraining: no class-data-sharing archive: " + e.getMessage()
          + " (build with -Djsupervisor.cds.skip=true to do without one)");
      System.exit(1);
    } finally {
      deleteTree(dir);
    }
    System.out.println("CdsTraining: wrote " + archive + " (" + Files.size(archive) / 1024 + " KiB)");
  }

  /** Runs the training daemon on a config in {@code dir}, drives it and waits for its exit. */
  private static void train(Path jar, Path dir, Path classList) throws Exception {
    Path sock = dir.resolve("sock");
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[unix_http_server]", "file=" + sock,
        "[supervisord]", "logfile=" + dir.resolve("main.log"), "pidfile=" + dir.resolve("pid"),
        "childlogdir=" + dir,
        "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:talker]", "command=/bin/sh -c 'while :; do echo hello; sleep 0.2; done'", "startsecs=0",
        "[program:sleeper]", "command=/bin/sleep 600", "numprocs=2", "process_name=%(program_name)s_%(process_num)d",
        "startsecs=0",
        "[program:quitter]", "command=/bin/true", "startsecs=0", "autorestart=false",
        "[group:pair]", "programs=sleeper", ""));
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xshare:off", "-XX:DumpLoadedClassList=" + classList,
        "-jar", jar.toString(), "-n", "-c", conf.toString()));
    Path out = dir.resolve("daemon.out");
    Process daemon = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      UnixRpc rpc = new UnixRpc(sock);
      rpc.awaitListening(daemon);
      // what `supervisorctl status`, `stop`, `start` and `start nosuch` send
      rpc.call("supervisor.getAllProcessInfo", "");
      rpc.call("supervisor.stopProcess", str("pair:sleeper_0") + bool(true));
      rpc.call("supervisor.startProcess", str("pair:sleeper_0") + bool(true));
      rpc.call("supervisor.stopProcessGroup", str("pair") + bool(true));
      rpc.call("supervisor.startProcessGroup", str("pair") + bool(true));
      rpc.call("supervisor.getProcessInfo", str("no-such-process")); // a fault
      rpc.call("supervisor.getAllProcessInfo", "");
      rpc.call("supervisor.shutdown", "");
      if (!daemon.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
        throw new TrainingFailed("the training daemon did not exit within " + STEP_SECONDS + " s of shutdown");
      }
      if (daemon.exitValue() != 0) {
        throw new TrainingFailed("the training daemon exited with status " + daemon.exitValue() + ":\n"
            + Files.readString(out));
      }
    } catch (IOException e) {
      throw new TrainingFailed("talking to the training daemon: " + e + "\n" + Files.readString(out));
    } finally {
      if (daemon.isAlive()) { // a failure above: no daemon and no program of it outlives the build
        daemon.descendants().forEach(ProcessHandle::destroyForcibly);
        daemon.destroyForcibly().waitFor(STEP_SECONDS, TimeUnit.SECONDS);
      }
    }
    if (!Files.isRegularFile(classList) || Files.size(classList) == 0) {
      throw new TrainingFailed("the training daemon wrote no class list");
    }
  }

  /** {@code java -Xshare:dump}: the static archive of the classes in {@code classList}. */
  private static void dump(Path jar, Path classList, Path archive, Path dir) throws Exception {
    run(dir, "dumping the archive", java(), "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
        "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString());
    if (!Files.isRegularFile(archive)) {
      throw new TrainingFailed("java -Xshare:dump wrote no " + archive);
    }
  }

  /** A JVM with the daemon's flags and {@code -Xshare:on} refuses to start if it cannot map the archive. */
  private static void check(Path jar, Path archive, Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive));
    cmd.addAll(JvmTuning.flags(List.of()));
    cmd.addAll(List.of("-cp", jar.toString(), CdsTraining.class.getName(), "--check"));
    run(dir, "mapping the new archive", cmd.toArray(new String[0]));
  }

  private static void run(Path dir, String what, String... cmd) throws Exception {
    Path out = dir.resolve("step.out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new TrainingFailed(what + ": no exit within " + STEP_SECONDS + " s: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new TrainingFailed(what + ": exit status " + p.exitValue() + " of " + String.join(" ", cmd) + ":\n"
          + Files.readString(out));
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String str(String s) {
    return "<param><value><string>" + s + "</string></value></param>";
  }

  private static String bool(boolean b) {
    return "<param><value><boolean>" + (b ? 1 : 0) + "</boolean></value></param>";
  }

  /** A step of the training went wrong; the message says which and how. */
  private static final class TrainingFailed extends Exception {
    TrainingFailed(String message) {
      super(message);
    }
  }

  /** XML-RPC over the daemon's unix socket by hand, one HTTP/1.0 request per connection as supervisorctl. */
  private static final class UnixRpc {
    private final Path sock;

    UnixRpc(Path sock) {
      this.sock = sock;
    }

    void awaitListening(Process daemon) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
      while (System.nanoTime() - deadline < 0) {
        if (!daemon.isAlive()) {
          throw new TrainingFailed("the training daemon exited with status " + daemon.exitValue() + " at start");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          ch.connect(UnixDomainSocketAddress.of(sock));
          return;
        } catch (IOException e) {
          Thread.sleep(50);
        }
      }
      throw new TrainingFailed("the training daemon did not listen on " + sock + " within " + STEP_SECONDS + " s");
    }

    /** One call; fails unless the answer is an HTTP 200 with an XML-RPC response (a fault is one). */
    void call(String method, String params) throws Exception {
      byte[] body = ("<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params>"
          + params + "</params></methodCall>").getBytes(StandardCharsets.UTF_8);
      byte[] head = ("POST /RPC2 HTTP/1.0\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
      StringBuilder answer = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(sock));
        ByteBuffer request = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
        while (request.hasRemaining()) {
          ch.write(request);
        }
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(8192);
        int n;
        while ((n = ch.read(buf)) >= 0) {
          if (n == 0) {
            if (System.nanoTime() - deadline > 0) {
              throw new TrainingFailed(method + ": no complete answer within " + STEP_SECONDS + " s");
            }
            Thread.sleep(5);
            continue;
          }
          answer.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
          buf.clear();
        }
      }
      if (!answer.toString().startsWith("HTTP/1.") || !answer.toString().contains(" 200 ")
          || !answer.toString().contains("<methodResponse>")) {
        throw new TrainingFailed(method + ": unexpected answer:\n" + answer);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
