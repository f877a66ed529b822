package dev.jsupervisor.web;

import java.io.IOException;

/**
 * A configured HTTP server could not be opened. {@link #getMessage()} names the address; {@link
 * #supervisordMessage()} is the text supervisord prints after {@code Error: }.
 */
public final class ListenerBindException extends IOException {

  /** supervisord's text when a live server already owns the port or socket. */
  public static final String ALREADY_LISTENING =
      "Another program is already listening on a port that one of our HTTP servers is configured"
          + " to use.  Shut this program down first before starting supervisord.";

  private final String address;
  private final String supervisordMessage;

  ListenerBindException(String address, String supervisordMessage, Throwable cause) {
    super(supervisordMessage + " (" + address + ")", cause);
    this.address = address;
    this.supervisordMessage = supervisordMessage;
  }

  /** {@code host:port} or the socket path that failed. */
  public String address() {
    return address;
  }

  /** The message without the address, as supervisord words it. */
  public String supervisordMessage() {
    return supervisordMessage;
  }
}
