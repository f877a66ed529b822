package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.rpc.Rpc.FaultResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wait=true blocks only the calling thread; other clients are answered meanwhile. */
@Timeout(10)
final class BlockingCallsTest {
  final FakeEngine engine = new FakeEngine().activate(RpcDispatcherTest.WORKER, ProcessState.STOPPED);
  final ExecutorService clients = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void startProcess_waitPending_otherClientsServedThenTrue() throws Exception {
    RpcDispatcher dispatcher = new RpcDispatcher(engine, new FakeDaemon(), 1 << 20, Duration.ofSeconds(30), ZoneOffset.UTC);
    CompletableFuture<ProcessInfo> held = new CompletableFuture<>();
    engine.heldStart = held;
    Future<Object> blocked = clients.submit(() ->
        Rpc.decode(dispatcher.handle(Rpc.call("supervisor.startProcess", "worker:worker_00", true))));
    Object state = clients.submit(() -> Rpc.decode(dispatcher.handle(Rpc.call("supervisor.getState"))))
        .get(5, TimeUnit.SECONDS);
    assertThat(state).isEqualTo(Map.of("statecode", 1, "statename", "RUNNING"));
    assertThat(blocked.isDone()).isFalse();
    held.complete(null);
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(true);
  }

  @Test
  void startProcess_engineNeverAnswers_failedAfterWaitLimit() throws Exception {
    RpcDispatcher dispatcher = new RpcDispatcher(engine, new FakeDaemon(), 1 << 20, Duration.ofMillis(50), ZoneOffset.UTC);
    engine.heldStart = new CompletableFuture<>();
    assertThat(Rpc.decode(dispatcher.handle(Rpc.call("supervisor.startProcess", "worker:worker_00"))))
        .isEqualTo(new FaultResponse(30, "FAILED: no answer from the engine within 0 s"));
  }

  @Test
  void startProcess_callerInterrupted_failedAndFlagRestored() throws Exception {
    RpcDispatcher dispatcher = new RpcDispatcher(engine, new FakeDaemon(), 1 << 20, Duration.ofSeconds(30), ZoneOffset.UTC);
    engine.heldStart = new CompletableFuture<>();
    Thread.currentThread().interrupt();
    Object out = Rpc.decode(dispatcher.handle(Rpc.call("supervisor.startProcess", "worker:worker_00")));
    assertThat(Thread.interrupted()).isTrue();
    assertThat(out).isEqualTo(new FaultResponse(30, "FAILED: interrupted while waiting"));
  }
}
