package dev.jsupervisor.rpc;

/**
 * supervisord's fault codes (its {@code xmlrpc.Faults}), complete. The enum name is the fault name
 * that starts every faultString ({@code BAD_NAME} or {@code BAD_NAME: nosuch}). Code 5 is unused and
 * {@code FATAL_STATE}, mentioned in supervisord's docs, does not exist, as in supervisord.
 */
public enum Fault {
  UNKNOWN_METHOD(1),
  INCORRECT_PARAMETERS(2),
  BAD_ARGUMENTS(3),
  SIGNATURE_UNSUPPORTED(4),
  SHUTDOWN_STATE(6),
  BAD_NAME(10),
  BAD_SIGNAL(11),
  NO_FILE(20),
  NOT_EXECUTABLE(21),
  FAILED(30),
  ABNORMAL_TERMINATION(40),
  SPAWN_ERROR(50),
  ALREADY_STARTED(60),
  NOT_RUNNING(70),
  /** Never a fault: the {@code status} of a successful entry in a result struct. */
  SUCCESS(80),
  ALREADY_ADDED(90),
  STILL_RUNNING(91),
  CANT_REREAD(92);

  private final int code;

  Fault(int code) {
    this.code = code;
  }

  /** The numeric {@code faultCode}. */
  public int code() {
    return code;
  }

  /** The faultString: the bare name, or {@code NAME: extra} (supervisord's {@code RPCError.text}). */
  public String text(String extra) {
    return extra == null ? name() : name() + ": " + extra;
  }
}
