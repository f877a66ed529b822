package dev.jsupervisor.rpc;

import dev.jsupervisor.core.FakeChild;
import dev.jsupervisor.core.FakeLauncher;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.ManualLoop;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.Supervisor;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher over the real engine on a hand-stepped loop with fake time and fake children (core's
 * test-jar): a call is dispatched, the loop run until idle, and the reply decoded. The standard
 * groups: {@code web} (RUNNING), group {@code worker} of two (STOPPED), {@code batch} (FATAL: it
 * exited at once). Test thread only.
 */
final class RpcHarness {
  static final GroupSpec WEB = GroupSpec.single(spec("web").startsecs(Duration.ZERO).build());
  static final GroupSpec WORKER = new GroupSpec("worker", 5, List.of(
      spec("worker_00").program("worker").autostart(false).build(),
      spec("worker_01").program("worker").autostart(false).build()));
  static final GroupSpec BATCH = GroupSpec.single(spec("batch").startretries(0).build());

  final ManualLoop loop = new ManualLoop();
  final FakeLauncher launcher = new FakeLauncher();
  final FakeDaemon daemon = new FakeDaemon();
  final Supervisor supervisor;
  final RpcDispatcher dispatcher;

  /** A program running {@code /bin/sleep 30} whose output is discarded. */
  static ProcessSpec.Builder spec(String name) {
    return ProcessSpec.builder(name, "/bin/sleep 30").stdout(LogSpec.NONE).stderr(LogSpec.NONE);
  }

  /** The standard groups, started; {@code batch} has exited into FATAL. */
  static RpcHarness standard() {
    RpcHarness h = new RpcHarness(WEB, WORKER, BATCH);
    h.launcher.last("batch").exit(1);
    h.loop.runUntilIdle();
    return h;
  }

  RpcHarness(GroupSpec... groups) {
    Supervisor.Builder b = loop.builder().launcher(launcher).identifier("rpctest");
    for (GroupSpec g : groups) {
      b.group(g);
    }
    supervisor = b.build();
    supervisor.startAsync();
    loop.runUntilIdle();
    daemon.configured = List.of(groups);
    dispatcher = new RpcDispatcher(supervisor, daemon, 1 << 20, Duration.ofSeconds(5), ZoneOffset.UTC, Runnable::run);
  }

  /** Dispatches without running the loop: the reply may still be pending. */
  CompletableFuture<byte[]> send(String method, Object... params) throws Exception {
    return dispatcher.dispatch(Rpc.call(method, params));
  }

  /** Dispatches, runs the loop until idle, and decodes the reply (which must be there by then). */
  Object call(String method, Object... params) throws Exception {
    return answer(send(method, params));
  }

  /**
   * Runs the loop until idle and decodes {@code reply}, which must complete within 5 s (replies that
   * wait on the stdin or log threads complete there).
   */
  Object answer(CompletableFuture<byte[]> reply) throws Exception {
    loop.runUntilIdle();
    return Rpc.decode(reply.get(5, TimeUnit.SECONDS));
  }

  /** Runs the loop; then every child that was sent a signal and is still "alive" exits by that signal. */
  void exitSignalled() {
    loop.runUntilIdle();
    for (FakeChild c : launcher.children()) {
      if (!c.hasExited() && !c.signals().isEmpty()) {
        c.killedBy(c.signals().get(c.signals().size() - 1).signal());
      }
    }
    loop.runUntilIdle();
  }
}
