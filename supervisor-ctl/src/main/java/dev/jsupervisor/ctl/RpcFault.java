package dev.jsupervisor.ctl;

/**
 * An XML-RPC fault returned by the server: supervisord's {@code faultCode} and {@code faultString}
 * (e.g. 10, {@code "BAD_NAME: foo"}). Thrown by {@link SupervisorClient} on the calling thread.
 */
public final class RpcFault extends Exception {
  /** supervisord's fault codes that supervisorctl distinguishes. */
  public static final int UNKNOWN_METHOD = 1;
  /** Daemon is shutting down or restarting. */
  public static final int SHUTDOWN_STATE = 6;
  /** Unknown process or group name. */
  public static final int BAD_NAME = 10;
  /** Unknown signal. */
  public static final int BAD_SIGNAL = 11;
  /** No log file / command not found. */
  public static final int NO_FILE = 20;
  /** Command not executable. */
  public static final int NOT_EXECUTABLE = 21;
  /** Generic failure. */
  public static final int FAILED = 30;
  /** Process left STARTING for a non-RUNNING state. */
  public static final int ABNORMAL_TERMINATION = 40;
  /** Spawn error. */
  public static final int SPAWN_ERROR = 50;
  /** Process already started. */
  public static final int ALREADY_STARTED = 60;
  /** Process not running. */
  public static final int NOT_RUNNING = 70;
  /** Success status inside result structs. */
  public static final int SUCCESS = 80;
  /** Group already active. */
  public static final int ALREADY_ADDED = 90;
  /** Group still has running processes. */
  public static final int STILL_RUNNING = 91;
  /** Config could not be re-read. */
  public static final int CANT_REREAD = 92;

  private final int code;
  private final String faultString;

  /** Creates a fault with the server's code and text. */
  public RpcFault(int code, String faultString) {
    super("<Fault " + code + ": '" + faultString + "'>");
    this.code = code;
    this.faultString = faultString;
  }

  /** The fault code, e.g. 10 for BAD_NAME. */
  public int code() {
    return code;
  }

  /** The fault string, e.g. {@code BAD_NAME: foo}. */
  public String faultString() {
    return faultString;
  }
}
