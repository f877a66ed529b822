package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.rpc.Rpc.FaultResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wait=true holds no thread: dispatch returns at once, other calls are answered meanwhile. */
@Timeout(10)
final class BlockingCallsTest {
  final RpcHarness h = new RpcHarness(RpcHarness.WORKER);

  @Test
  void startProcess_waitPending_otherCallsAnsweredThenTrue() throws Exception {
    CompletableFuture<byte[]> waiting = h.send("supervisor.startProcess", "worker:worker_00", true);
    h.loop.runUntilIdle();
    assertThat(waiting).as("dispatch returned while the start waits for startsecs").isNotDone();
    assertThat(h.call("supervisor.getState")).isEqualTo(Map.of("statecode", 1, "statename", "RUNNING"));
    assertThat(h.call("supervisor.startProcess", "worker:worker_01", false)).isEqualTo(true);
    assertThat(waiting).isNotDone();
    h.loop.advance(Duration.ofSeconds(1));
    assertThat(h.answer(waiting)).isEqualTo(true);
  }

  @Test
  void multicall_withAWaitingCall_answersAllInOrderOnceItCompletes() throws Exception {
    CompletableFuture<byte[]> reply = h.send("system.multicall", java.util.List.of(
        Map.of("methodName", "supervisor.startProcess", "params", java.util.List.of("worker:worker_00")),
        Map.of("methodName", "supervisor.getProcessInfo", "params", java.util.List.of("worker:worker_00")),
        Map.of("methodName", "supervisor.startProcess", "params", java.util.List.of("worker:worker_00"))));
    h.loop.runUntilIdle();
    assertThat(reply).isNotDone();
    h.loop.advance(Duration.ofSeconds(1));
    java.util.List<?> out = (java.util.List<?>) h.answer(reply);
    assertThat(out.get(0)).isEqualTo(true);
    assertThat(((Map<?, ?>) out.get(1)).get("statename")).as("the second call ran after the first completed")
        .isEqualTo("RUNNING");
    assertThat(out.get(2)).isEqualTo(Map.of("faultCode", 60, "faultString", "ALREADY_STARTED: worker:worker_00"));
  }

  @Test
  void startProcess_engineNeverAnswersWithinTheLimit_failed() throws Exception {
    RpcDispatcher dispatcher = new RpcDispatcher(h.supervisor, h.daemon, 1 << 20, Duration.ofMillis(50),
        ZoneOffset.UTC, Runnable::run);
    CompletableFuture<byte[]> reply = dispatcher.dispatch(Rpc.call("supervisor.startProcess", "worker:worker_00"));
    h.loop.runUntilIdle(); // spawned, STARTING; fake time never reaches startsecs
    assertThat(Rpc.decode(reply.get(5, TimeUnit.SECONDS)))
        .isEqualTo(new FaultResponse(30, "FAILED: no answer from the engine within 0 s"));
  }
}
