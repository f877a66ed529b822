package dev.jsupervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.rpc.FakeDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many more {@code startProcess(name, true)} calls than the server has worker threads wait on slow
 * starts, and {@code getState}/{@code getAllProcessInfo} (what {@code supervisorctl status} calls)
 * are answered meanwhile: a waiting call holds no thread. Real server, real dispatcher, real engine
 * on its own thread; the children are fakes, the startsecs real time.
 */
@Tag("integration")
@Timeout(60)
final class WaitingRpcCallsTest {
  private static final int WAITING = 24;
  private static final Duration STARTSECS = Duration.ofSeconds(4);

  private final FakeLauncher launcher = FakeLauncher.exitingOnStopSignals();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Supervisor supervisor;
  private WebServer server;
  private URI rpc;

  @BeforeEach
  void start() throws Exception {
    Supervisor.Builder b = Supervisor.builder().launcher(launcher);
    for (int i = 0; i < WAITING; i++) {
      b.group(GroupSpec.single(ProcessSpec.builder("slow" + i, "/bin/sleep 60").autostart(false)
          .startsecs(STARTSECS).stdout(LogSpec.NONE).stderr(LogSpec.NONE).build()));
    }
    supervisor = b.build();
    supervisor.startAsync();
    server = WebServer.builder()
        .inet(new InetListener("127.0.0.1", 0, Optional.empty(), Optional.empty()))
        .dispatcher(new RpcDispatcher(supervisor, new FakeDaemon()))
        .supervisor(supervisor)
        .build();
    server.start();
    rpc = URI.create("http://127.0.0.1:" + server.inetAddresses().get(0).getPort() + "/RPC2");
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(30, TimeUnit.SECONDS);
    }
    launcher.close();
  }

  private CompletableFuture<HttpResponse<String>> call(String method, String... stringParams) {
    StringBuilder body = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
        .append("</methodName><params>");
    for (String p : stringParams) {
      body.append("<param><value><string>").append(p).append("</string></value></param>");
    }
    body.append("</params></methodCall>");
    return client.sendAsync(HttpRequest.newBuilder(rpc).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void manyWaitingStarts_statusStillAnswered_thenEveryStartAnswersTrue() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> starts = new ArrayList<>();
    for (int i = 0; i < WAITING; i++) {
      starts.add(call("supervisor.startProcess", "slow" + i));
    }
    // every start has reached the engine (all STARTING) before status is asked
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (supervisor.snapshot().processes().stream().anyMatch(p -> p.state().isStopped())) {
      assertThat(System.nanoTime() - deadline).as("every start reached the engine").isNegative();
      Thread.sleep(10);
    }
    HttpResponse<String> state = call("supervisor.getState").get(2, TimeUnit.SECONDS);
    HttpResponse<String> all = call("supervisor.getAllProcessInfo").get(2, TimeUnit.SECONDS);
    assertThat(state.body()).contains("<name>statename</name>").contains("RUNNING");
    assertThat(all.body()).contains("slow23").contains("STARTING");
    assertThat(starts).as("answered while the starts wait for startsecs").noneMatch(CompletableFuture::isDone);

    for (CompletableFuture<HttpResponse<String>> s : starts) {
      HttpResponse<String> r = s.get(STARTSECS.toSeconds() + 10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("<boolean>1</boolean>").doesNotContain("fault");
    }
    assertThat(supervisor.snapshot().processes()).allMatch(p -> p.state().name().equals("RUNNING"));
  }
}
