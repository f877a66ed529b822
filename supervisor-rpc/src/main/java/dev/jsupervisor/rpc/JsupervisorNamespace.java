package dev.jsupervisor.rpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code jsupervisor.*} extension methods (our namespace: Python's supervisorctl never calls
 * them, so supervisord's own API keeps supervisord's behaviour): the update that restarts only
 * what changed. Called on HTTP threads, concurrently; never blocks. Faults as supervisord's:
 * SHUTDOWN_STATE while leaving RUNNING, CANT_REREAD for broken config files, BAD_NAME, and the
 * engine's.
 */
final class JsupervisorNamespace {
  private final SupervisorNamespace supervisor;
  private final ConfigUpdate update;
  private final EngineCalls engine;

  JsupervisorNamespace(SupervisorNamespace supervisor, ConfigUpdate update, EngineCalls engine) {
    this.supervisor = supervisor;
    this.update = update;
    this.engine = engine;
  }

  /** The dry run: the config read afresh (not kept) against the active groups; see {@link UpdatePlan#toStruct}. */
  Map<String, Object> updatePlan() throws FaultException {
    supervisor.checkMood();
    try {
      return update.plan().toStruct();
    } catch (DaemonControl.ConfigReadException e) {
      throw new FaultException(Fault.CANT_REREAD, e.getMessage());
    }
  }

  /**
   * Brings one active group to the configuration last read by {@code reloadConfig}, restarting
   * only what changed; the change struct ({@link UpdatePlan#changeStruct}) once done.
   */
  CompletableFuture<Map<String, Object>> updateProcessGroup(String name) throws FaultException {
    supervisor.checkMood();
    return engine.then(engine.reply(update.updateGroup(name)), UpdatePlan::changeStruct);
  }
}
