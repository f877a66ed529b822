package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 with real programs, the real daemon and Debian's supervisorctl. */
@Tag("integration")
final class HealthIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  @Timeout(120)
  void httpServerReadyLate_isStartingUntilItsReadinessProbePasses_andGatesItsHealthyDependent() throws Exception {
    int port = freePort();
    Path go = dir.resolve("go"); // the server starts listening only once the test creates this file
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:web]",
        "command=/bin/sh -c 'while [ ! -e " + go + " ]; do sleep 0.1; done; exec /usr/bin/python3 -m http.server "
            + port + " --bind 127.0.0.1'",
        "readiness_probe = http://127.0.0.1:" + port + "/",
        "readiness_period = 0.3",
        "readiness_failure_threshold = 400",
        "stopasgroup = true",
        "[program:api]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "depends_on = web:healthy",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      d.awaitState("web", "STARTING", WAIT);
      String notReady = "(?s).*web\\s+STARTING\\s+not ready: http://127.0.0.1:" + port + "/: .*";
      String early = d.ctl("status").output();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!early.matches(notReady) && System.nanoTime() - deadline < 0) {
        Thread.sleep(100);
        early = d.ctl("status").output();
      }
      assertThat(early).matches(notReady);
      assertThat(early).containsPattern("api\\s+STOPPED");
      Files.createFile(go);
      d.awaitState("web", "RUNNING", WAIT);
      assertThat(d.ctl("status", "web").output()).containsPattern("RUNNING\\s+pid \\d+, uptime [0-9:]+, healthy");
      d.awaitState("api", "RUNNING", WAIT);
      assertThat(Files.readString(dir.resolve("supervisord.log")))
          .contains("success: web entered RUNNING state, readiness probe passed (http://127.0.0.1:" + port + "/)");
    }
  }

  /** An HTTPS server on argv[1] with the certificate argv[2] and key argv[3] (python3's ssl). */
  private static final String HTTPS_SERVER = String.join("\n",
      "import http.server, ssl, sys",
      "srv = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler)",
      "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
      "ctx.load_cert_chain(sys.argv[2], sys.argv[3])",
      "srv.socket = ctx.wrap_socket(srv.socket, server_side=True)",
      "srv.serve_forever()",
      "");

  @Test
  @Timeout(120)
  void httpsProbes_selfSignedReadyUnverified_verifiedLivenessFails_restartIsAnEventOnTheStream() throws Exception {
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out",
        dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
        "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
    String made = new String(openssl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(openssl.waitFor()).as(made).isZero();
    Files.writeString(dir.resolve("https.py"), HTTPS_SERVER);
    int port = freePort();
    int web = freePort();
    String url = "https://127.0.0.1:" + port + "/";
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[inet_http_server]",
        "port=127.0.0.1:" + web,
        "[program:tls]",
        "command=/usr/bin/python3 " + dir.resolve("https.py") + " " + port + " " + dir.resolve("cert.pem") + " "
            + dir.resolve("key.pem"),
        "directory=" + dir,
        "readiness_probe = " + url,
        "readiness_tls_verify = false",
        "readiness_period = 0.2",
        "readiness_failure_threshold = 100",
        "liveness_probe = " + url,
        "liveness_initial_delay = 0.5",
        "liveness_period = 0.3",
        "liveness_failure_threshold = 1",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      java.net.http.HttpResponse<java.io.InputStream> stream = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + web + "/supervisor/events"))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
        String data = null;
        for (String line = in.readLine(); line != null && data == null; line = in.readLine()) {
          if (line.equals("event:PROCESS_LIVENESS_FAILED")) {
            data = in.readLine();
            while (!data.startsWith("data:")) {
              data = in.readLine();
            }
          }
        }
        assertThat(data).contains("\"namespec\":\"tls\"").contains("\"message\":\"liveness failed: " + url
            + ": TLS: PKIX path building failed");
      }
      String log = Files.readString(dir.resolve("supervisord.log"));
      assertThat(log).contains("success: tls entered RUNNING state, readiness probe passed (" + url + ")")
          .contains("liveness probe failed for tls: " + url + ": TLS: PKIX path building failed: unable to find"
              + " valid certification path to requested target; restarting it");
    }
  }

  @Test
  @Timeout(120)
  void sameConfig_pythonSupervisordIgnoresTheHealthKeys() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:web]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "readiness_probe = tcp:127.0.0.1:1",
        "liveness_probe = command: true",
        "restart_backoff = exponential",
        "exit_daemon_on = fatal",
        ""));
    try (DaemonProcess d = DaemonProcess.python(dir, conf)) {
      d.awaitState("web", "RUNNING", WAIT);
    }
  }

  @Test
  @Timeout(120)
  void jobContainer_jobsExitCodeBecomesTheDaemons_andTheRestIsStoppedCleanly() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, String.join("\n",
        "[program:sleeper]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "priority=1",
        "[program:job]",
        "command=/bin/sh -c 'sleep 1; exit 3'",
        "startsecs=0",
        "autorestart=false",
        "exit_daemon_on = any",
        "priority=2",
        ""));
    try (DaemonProcess d = DaemonProcess.java(dir, conf)) {
      assertThat(d.awaitExit(WAIT)).isEqualTo(3);
      String log = Files.readString(dir.resolve("supervisord.log"));
      assertThat(log).contains("exit policy: job exited (exit status 3); shutting down, exit status 3 (exit_daemon_on=any)")
          .contains("stopped: sleeper (terminated by SIGTERM)")
          .contains("exiting with status 3 by the exit policy of job");
    }
  }
}
