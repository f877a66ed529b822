package dev.jsupervisor.config.values;

/**
 * A value supervisord would reject. The message is Python supervisord's text for it (without the
 * {@code in section ...} suffix, which the config reader adds).
 */
public final class ValueException extends IllegalArgumentException {
  /** A rejection with supervisord's message. */
  public ValueException(String message) {
    super(message);
  }
}
