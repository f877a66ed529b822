package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jsupervisor.core.GroupSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's own xmlrpc.client (what supervisorctl uses) against the dispatcher, mounted at /RPC2 on
 * a test-only JDK HTTP server (the real server lives in supervisor-web).
 */
@Tag("integration")
@Timeout(60)
final class PythonClientTest {
  HttpServer server;
  RpcHarness h;
  @TempDir Path tmp;

  @BeforeEach
  void serve() throws IOException {
    // workers that are RUNNING as soon as spawned, so that no fake time has to pass meanwhile
    GroupSpec workers = new GroupSpec("worker", 5, RpcHarness.WORKER.processes().stream()
        .map(p -> p.toBuilder().startsecs(Duration.ZERO).build()).toList());
    h = new RpcHarness(RpcHarness.WEB, workers);
    h.loop.advance(Duration.ofSeconds(65));
    RpcDispatcher dispatcher = h.dispatcher;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/RPC2", exchange -> {
      byte[] body;
      int status = 200;
      try (InputStream in = exchange.getRequestBody()) {
        body = dispatcher.dispatch(in.readAllBytes()).get(20, TimeUnit.SECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        throw new IOException(e);
      } catch (RpcDispatcher.MalformedRequestException e) {
        status = 400;
        body = e.getMessage().getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void pythonXmlrpcClient_typicalSupervisorctlCalls_decodeAsInSupervisord() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is needed");
    String script = String.join("\n",
        "import sys, xmlrpc.client, urllib.request, urllib.error",
        "url = 'http://127.0.0.1:%d/RPC2' % int(sys.argv[1])",
        "s = xmlrpc.client.ServerProxy(url)",
        "print(s.supervisor.getVersion())",
        "print(s.supervisor.getState())",
        "info = s.supervisor.getAllProcessInfo()",
        "print([(i['group'], i['name'], i['statename'], i['description']) for i in info])",
        "try:",
        "    s.supervisor.getProcessInfo('nosuch')",
        "except xmlrpc.client.Fault as f:",
        "    print(f.faultCode, f.faultString)",
        "print(s.system.multicall([{'methodName': 'supervisor.getPID'}, {'methodName': 'supervisor.startProcess', 'params': ['web']}]))",
        "print(s.supervisor.startProcess('worker:*'))",
        "bomb = b'<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&e;</methodName></methodCall>'",
        "try:",
        "    urllib.request.urlopen(urllib.request.Request(url, data=bomb))",
        "except urllib.error.HTTPError as e:",
        "    print('HTTP', e.code)",
        "print(len(s.system.listMethods()))",
        "");
    Path py = tmp.resolve("client.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), String.valueOf(server.getAddress().getPort()))
        .redirectErrorStream(true).start();
    // the engine's loop runs on this thread: pump it while the client talks to the HTTP threads
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!p.waitFor(5, TimeUnit.MILLISECONDS)) {
      assertThat(System.nanoTime() - deadline).as("python client finished").isNegative();
      h.loop.runUntilIdle();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).isEqualTo(String.join("\n",
        "3.0",
        "{'statecode': 1, 'statename': 'RUNNING'}",
        "[('web', 'web', 'RUNNING', 'pid " + h.launcher.last("web").pid() + ", uptime 0:01:05'),"
            + " ('worker', 'worker_00', 'STOPPED', 'Not started'),"
            + " ('worker', 'worker_01', 'STOPPED', 'Not started')]",
        "10 BAD_NAME: nosuch",
        "[4711, {'faultCode': 60, 'faultString': 'ALREADY_STARTED: web'}]",
        "[{'name': 'worker_00', 'group': 'worker', 'status': 80, 'description': 'OK'},"
            + " {'name': 'worker_01', 'group': 'worker', 'status': 80, 'description': 'OK'}]",
        "HTTP 400",
        "41",
        ""));
  }
}
