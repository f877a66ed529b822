package dev.jsupervisor.rpc;

import dev.jsupervisor.core.ControlException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the engine's futures on the calling HTTP thread, with no lock held, so other clients
 * are served meanwhile (this replaces supervisord's {@code NOT_DONE_YET} polling). The limit only
 * guards against a future that never completes; supervisord itself would wait forever.
 * Thread-safe.
 */
final class EngineCalls {
  private static final System.Logger LOG = System.getLogger(EngineCalls.class.getName());

  private final Duration limit;

  EngineCalls(Duration limit) {
    this.limit = limit;
  }

  /**
   * The future's value.
   *
   * @throws FaultException the engine's {@link ControlException} mapped by {@link FaultMapper};
   *     FAILED when the wait times out, is interrupted (the interrupt flag is restored) or the engine
   *     failed unexpectedly
   */
  <T> T await(CompletableFuture<T> future) throws FaultException {
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (TimeoutException e) {
      throw new FaultException(Fault.FAILED, "no answer from the engine within " + limit.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException(Fault.FAILED, "interrupted while waiting");
    }
  }

  static FaultException unwrap(Throwable cause) {
    if (cause instanceof ControlException c) {
      return FaultMapper.toFault(c);
    }
    return internalError(cause);
  }

  /** An unexpected failure: logged with its stack here, reported to the client by type and text only. */
  static FaultException internalError(Throwable t) {
    LOG.log(Level.ERROR, "XML-RPC call failed unexpectedly", t);
    String msg = t.getMessage();
    return new FaultException(Fault.FAILED, t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
  }
}
