package dev.jsupervisor.rpc;

import dev.jsupervisor.core.ControlException;

/**
 * The one place where the engine's {@link ControlException.Reason}s become XML-RPC {@link Fault}s.
 * The names are shared, so the mapping is one-to-one; it is spelled out (not {@code valueOf}) so that
 * renaming a reason breaks the build here instead of a client at run time.
 */
public final class FaultMapper {
  private FaultMapper() {}

  /** The fault for an engine failure reason. */
  public static Fault fault(ControlException.Reason reason) {
    switch (reason) {
      case BAD_NAME: return Fault.BAD_NAME;
      case BAD_SIGNAL: return Fault.BAD_SIGNAL;
      case NO_FILE: return Fault.NO_FILE;
      case NOT_EXECUTABLE: return Fault.NOT_EXECUTABLE;
      case FAILED: return Fault.FAILED;
      case ABNORMAL_TERMINATION: return Fault.ABNORMAL_TERMINATION;
      case SPAWN_ERROR: return Fault.SPAWN_ERROR;
      case ALREADY_STARTED: return Fault.ALREADY_STARTED;
      case NOT_RUNNING: return Fault.NOT_RUNNING;
      case ALREADY_ADDED: return Fault.ALREADY_ADDED;
      case STILL_RUNNING: return Fault.STILL_RUNNING;
      case SHUTDOWN_STATE: return Fault.SHUTDOWN_STATE;
      case BAD_ARGUMENTS: return Fault.BAD_ARGUMENTS;
      default: throw new AssertionError("unmapped reason " + reason);
    }
  }

  /**
   * The fault for an engine failure, keeping its detail: {@code BAD_NAME: foo}, or the bare name when
   * the engine gave no detail (supervisord's {@code RPCError(code)} without extra).
   */
  public static FaultException toFault(ControlException e) {
    return new FaultException(fault(e.reason()), e.detail().isEmpty() ? null : e.detail());
  }
}
