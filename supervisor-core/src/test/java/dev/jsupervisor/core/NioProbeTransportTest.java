package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real non-blocking TCP/HTTP probe attempts against a local socket (real I/O, generous timeouts). */
final class NioProbeTransportTest {
  private final NioProbeTransport transport = new NioProbeTransport();
  private ServerSocket server;

  @AfterEach
  void close() throws IOException {
    transport.close();
    if (server != null) {
      server.close();
    }
  }

  /** Serves every connection with {@code reply}, after reading the request head. */
  private int serve(String reply) throws IOException {
    return serveOn(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), reply);
  }

  /** As {@link #serve} on {@code listening}; a connection that fails (a TLS handshake) is dropped. */
  private int serveOn(ServerSocket listening, String reply) {
    server = listening;
    // The thread keeps its own socket: a later serve() replaces the field, and a thread that read the
    // field would accept on the new socket and answer with the old reply.
    Thread t = new Thread(() -> {
      while (!listening.isClosed()) {
        try (Socket s = listening.accept()) {
          InputStream in = s.getInputStream();
          StringBuilder head = new StringBuilder();
          int c;
          while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
            head.append((char) c);
          }
          OutputStream out = s.getOutputStream();
          out.write(reply.getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          // this connection failed (or the socket closed: the loop ends)
        }
      }
    }, "probe-test-server");
    t.setDaemon(true);
    t.start();
    return listening.getLocalPort();
  }

  private String attempt(ProbeSpec.Check check) throws Exception {
    CompletableFuture<String> f = new CompletableFuture<>();
    transport.start(check, r -> f.complete(r == null ? "pass" : r));
    return f.get(20, TimeUnit.SECONDS);
  }

  private static ProbeSpec.Http http(int port, String body) {
    return new ProbeSpec.Http("127.0.0.1", port, "/health", 200, 299, Optional.ofNullable(body));
  }

  @Test
  void tcp_listeningPortPasses_closedPortIsRefused() throws Exception {
    int port = serve("");
    assertThat(attempt(new ProbeSpec.Tcp("127.0.0.1", port))).isEqualTo("pass");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(attempt(new ProbeSpec.Tcp("127.0.0.1", closed))).containsIgnoringCase("refused");
  }

  @Test
  void http_statusInRangeAndBodyWanted() throws Exception {
    int port = serve("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstatus: ok\n");
    assertThat(attempt(http(port, null))).isEqualTo("pass");
    assertThat(attempt(http(port, "status: ok"))).isEqualTo("pass");
    assertThat(attempt(http(port, "degraded"))).isEqualTo("HTTP status 200, body without 'degraded'");
  }

  @Test
  void http_statusOutOfRange_andNotHttp() throws Exception {
    int port = serve("HTTP/1.0 503 Service Unavailable\r\n\r\n");
    assertThat(attempt(http(port, null))).isEqualTo("HTTP status 503");
    server.close();
    int other = serve("SSH-2.0-OpenSSH\r\n");
    assertThat(attempt(http(other, null))).startsWith("not an HTTP status line: SSH-2.0");
  }

  /** A self-signed certificate for localhost and 127.0.0.1, made once by the JDK's keytool. */
  private static SSLContext serverTls;

  @BeforeAll
  static void selfSignedCertificate(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("probe.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "probe", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
  }

  /** Serves every TLS connection with {@code reply}. */
  private int serveTls(String reply) throws IOException {
    return serveOn(serverTls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()), reply);
  }

  private static ProbeSpec.Http https(int port, String body, ProbeSpec.Tls tls) {
    return new ProbeSpec.Http("127.0.0.1", port, "/health", 200, 299, Optional.ofNullable(body), tls);
  }

  @Test
  void https_unverified_passesOnASelfSignedServer_statusAndBodyAsForHttp() throws Exception {
    String big = "x".repeat(40_000); // several TLS records before the text the probe wants
    int port = serveTls("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + big + "status: ok\n");
    assertThat(attempt(https(port, null, ProbeSpec.Tls.NO_VERIFY))).isEqualTo("pass");
    assertThat(attempt(https(port, "status: ok", ProbeSpec.Tls.NO_VERIFY))).isEqualTo("pass");
    assertThat(attempt(https(port, "degraded", ProbeSpec.Tls.NO_VERIFY)))
        .isEqualTo("HTTP status 200, body without 'degraded'");
    server.close();
    int failing = serveTls("HTTP/1.0 503 Service Unavailable\r\n\r\n");
    assertThat(attempt(https(failing, null, ProbeSpec.Tls.NO_VERIFY))).isEqualTo("HTTP status 503");
  }

  @Test
  void https_verified_refusesAnUntrustedCertificate() throws Exception {
    int port = serveTls("HTTP/1.0 200 OK\r\n\r\n");
    assertThat(attempt(https(port, null, ProbeSpec.Tls.VERIFY))).startsWith("TLS: ")
        .containsIgnoringCase("certification path").doesNotContain("sun.security");
  }

  @Test
  void https_againstAPlainHttpServer_isATlsFailure() throws Exception {
    ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server = listening;
    Thread t = new Thread(() -> { // answers a ClientHello as plain HTTP servers do
      try (Socket s = listening.accept()) {
        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the test fails on its own
      }
    }, "probe-test-plain-server");
    t.setDaemon(true);
    t.start();
    assertThat(attempt(https(listening.getLocalPort(), null, ProbeSpec.Tls.NO_VERIFY))).startsWith("TLS: ");
  }

  @Test
  void unresolvableHost_fails() throws Exception {
    assertThat(attempt(new ProbeSpec.Tcp("no-such-host.invalid", 80))).isNotEqualTo("pass");
  }

  @Test
  void cancelledAttempt_neverReports() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // accepts nothing: the reply never comes
    CompletableFuture<String> f = new CompletableFuture<>();
    ProbeTransport.Attempt a = transport.start(http(server.getLocalPort(), null), f::complete);
    a.cancel();
    assertThat(attempt(new ProbeSpec.Tcp("127.0.0.1", server.getLocalPort()))).isEqualTo("pass"); // thread still serves
    Thread.sleep(200);
    assertThat(f).isNotDone();
  }
}
