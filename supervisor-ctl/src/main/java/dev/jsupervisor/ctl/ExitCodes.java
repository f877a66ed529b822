package dev.jsupervisor.ctl;

/**
 * supervisorctl's exit codes: the LSB init-script codes for most commands, and the LSB status codes
 * that only {@code status} uses. Interactive mode always exits {@link #SUCCESS}.
 */
public final class ExitCodes {
  /** The command did what was asked (already started / not running count as success). */
  public static final int SUCCESS = 0;
  /** Generic failure: bad arguments, unknown name, fault, unknown command, refused password. */
  public static final int GENERIC = 1;
  /** {@code start} without a name, or {@code start g:*} of an unknown group. */
  public static final int INVALID_ARGS = 2;
  /** The server does not know the {@code supervisor} namespace. */
  public static final int UNIMPLEMENTED_FEATURE = 3;
  /** Connection refused. */
  public static final int INSUFFICIENT_PRIVILEGES = 4;
  /** The server speaks another API version. */
  public static final int NOT_INSTALLED = 5;
  /** Spawn error, abnormal termination, not running; also a missing unix socket file. */
  public static final int NOT_RUNNING = 7;
  /** {@code status}: some listed process is STOPPED, EXITED, FATAL or UNKNOWN. */
  public static final int STATUS_NOT_RUNNING = 3;
  /** {@code status}: unknown name, or the server cannot be reached. */
  public static final int STATUS_UNKNOWN = 4;

  private ExitCodes() {}
}
