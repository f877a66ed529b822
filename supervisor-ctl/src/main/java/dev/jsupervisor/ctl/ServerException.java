package dev.jsupervisor.ctl;

import java.io.IOException;

/**
 * The server could not be reached or answered with something other than an XML-RPC response.
 * {@link #kind()} tells supervisorctl which readable line and exit code to use.
 */
public final class ServerException extends IOException {
  /** Why the call failed. */
  public enum Kind {
    /** TCP or unix socket connection refused (ECONNREFUSED). */
    REFUSED,
    /** unix socket path does not exist (ENOENT). */
    NO_FILE,
    /** HTTP 401: missing or wrong credentials. */
    UNAUTHORIZED,
    /** Any other HTTP status, unreadable reply or I/O failure. */
    OTHER
  }

  private final Kind kind;

  /** Creates the exception; {@code message} is one readable line. */
  public ServerException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the call failed. */
  public Kind kind() {
    return kind;
  }
}
