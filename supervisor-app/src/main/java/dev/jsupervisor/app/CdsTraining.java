package dev.jsupervisor.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the class-data-sharing archive ({@code supervisord.jsa}) next to the daemon jar at package
 * time: the classes a daemon loads are then mapped from the archive at start-up instead of being
 * read, verified and linked from the jar, which is most of a start-up's CPU. {@link JvmTuning} adds
 * the archive to the daemon's JVM when it is there and was built for that very jar.
 *
 * <p>{@code java -cp supervisord.jar dev.jsupervisor.app.CdsTraining ARCHIVE} starts a second JVM with
 * the daemon's own flags plus {@code -XX:ArchiveClassesAtExit=ARCHIVE}, which runs a real daemon on a
 * throw-away config (a few programs, both HTTP servers), makes the calls a daemon's life is made of
 * (XML-RPC, a multicall, the web page, REST, a log tail), shuts it down over XML-RPC, and
 * exits. {@code /metrics} is left out: a daemon nobody scrapes never loads the meter library
 * ({@code LazyMetricsHandler}), and every archived class is resident whether loaded or not (2 MB
 * of archive, 76.7 → 74.8 MB RSS at 200 idle programs); the first scrape loads it from the jar. The JVM writes the archive as it exits. Exits non-zero when the training run fails, so the
 * build says so; a missing archive only makes start-up slower.
 */
public final class CdsTraining {
  private static final String RUN = "--run";

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals(RUN)) {
      System.exit(train(Path.of(args[1])));
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
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmTuning.flags(JvmCommand.inputArguments())); // the daemon's own flags
    cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
        "-Djsupervisor.signals=jvm", "-cp", jar.get().toString(), CdsTraining.class.getName(), RUN, dir.toString()));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    int status = p.waitFor();
    deleteTree(dir);
    if (status != 0 || !Files.isRegularFile(archive)) {
      System.err.println("CdsTraining: the training run failed (exit status " + status + "); no archive");
      System.exit(1);
    }
    System.out.println("CdsTraining: wrote " + archive + " (" + Files.size(archive) / 1024 + " KiB)");
  }

  /** In the archiving JVM: runs the daemon on {@code dir} and drives it; returns the exit status. */
  private static int train(Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[unix_http_server]", "file=" + dir.resolve("sock"),
        "[inet_http_server]", "port=127.0.0.1:" + port,
        "[supervisord]", "logfile=" + dir.resolve("main.log"), "pidfile=" + dir.resolve("pid"),
        "childlogdir=" + dir, "loglevel=debug",
        "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:talker]", "command=/bin/sh -c 'while :; do echo hello; sleep 0.2; done'", "startsecs=0",
        "[program:sleeper]", "command=/bin/sleep 60", "numprocs=2", "process_name=%(program_name)s_%(process_num)d",
        "startsecs=0",
        "[program:quitter]", "command=/bin/true", "startsecs=0", "autorestart=false",
        "[group:pair]", "programs=sleeper", ""));
    ByteArrayOutputStream daemonOut = new ByteArrayOutputStream();
    PrintStream sink = new PrintStream(daemonOut, true, StandardCharsets.UTF_8);
    int[] daemonStatus = {-1};
    SupervisordMain.quietLibraries();
    Thread daemon = new Thread(() -> daemonStatus[0] = SupervisordMain.run(
        new String[] {"-n", "-s", "-c", conf.toString()}, sink, sink), "cds-daemon");
    daemon.start();
    HttpCalls http = new HttpCalls(port);
    http.awaitListening();
    http.rpc("supervisor.getState", "");
    http.rpc("supervisor.getAllProcessInfo", "");
    http.rpc("supervisor.getAllConfigInfo", "");
    http.rpc("supervisor.stopProcess", str("pair:sleeper_0") + bool(true));
    http.rpc("supervisor.startProcess", str("pair:sleeper_0") + bool(true));
    http.rpc("supervisor.stopProcessGroup", str("pair") + bool(true));
    http.rpc("supervisor.startProcessGroup", str("pair") + bool(true));
    http.rpc("supervisor.tailProcessStdoutLog", str("talker") + "<param><value><int>0</int></value></param>"
        + "<param><value><int>1024</int></value></param>");
    http.rpc("supervisor.readLog", "<param><value><int>0</int></value></param><param><value><int>0</int></value></param>");
    http.rpc("supervisor.getProcessInfo", str("no-such-process")); // a fault
    http.rpc("system.multicall", "<param><value><array><data><value><struct><member><name>methodName</name>"
        + "<value><string>supervisor.getPID</string></value></member><member><name>params</name><value><array>"
        + "<data></data></array></value></member></struct></value></data></array></value></param>");
    http.get("/");
    http.get("/program/list");
    http.get("/supervisor/info");
    http.get("/logtail/talker");
    http.rpc("supervisor.shutdown", "");
    daemon.join(60_000);
    if (daemonStatus[0] != 0) {
      System.err.write(daemonOut.toByteArray());
      System.err.println("CdsTraining: the daemon ended with status " + daemonStatus[0]);
      return 1;
    }
    return 0;
  }

  private static String str(String s) {
    return "<param><value><string>" + s + "</string></value></param>";
  }

  private static String bool(boolean b) {
    return "<param><value><boolean>" + (b ? 1 : 0) + "</boolean></value></param>";
  }

  /** HTTP/1.0 requests by hand: a client library would put its own classes in the archive. */
  private static final class HttpCalls {
    private final int port;

    HttpCalls(int port) {
      this.port = port;
    }

    void awaitListening() throws InterruptedException {
      for (int i = 0; i < 600; i++) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return;
        } catch (IOException e) {
          Thread.sleep(50);
        }
      }
      throw new IllegalStateException("the training daemon did not listen within 30 s");
    }

    void rpc(String method, String params) throws IOException {
      String body = "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params>"
          + params + "</params></methodCall>";
      exchange("POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: "
          + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    void get(String path) throws IOException {
      exchange("GET " + path + " HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
    }

    /** Sends the request and reads the answer for at most two seconds (a log tail never ends). */
    private void exchange(String request) throws IOException {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
          while (in.read(buf) >= 0 && System.nanoTime() - deadline < 0) {
            // drain; a streaming answer (a tail) is cut at the deadline
          }
        } catch (java.net.SocketTimeoutException e) {
          // a streaming answer that went quiet: enough of it was read
        }
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
