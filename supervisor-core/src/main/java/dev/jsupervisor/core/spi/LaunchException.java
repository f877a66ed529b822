package dev.jsupervisor.core.spi;

/** A child could not be started; the message is a supervisord-style spawnerr text. */
public final class LaunchException extends Exception {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
