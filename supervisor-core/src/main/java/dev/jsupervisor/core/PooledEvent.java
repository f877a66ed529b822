package dev.jsupervisor.core;

import java.nio.charset.StandardCharsets;

/**
 * One event waiting in (or taken out of) one listener pool's buffer, with its global serial and
 * its serial in that pool. Immutable.
 */
record PooledEvent(EventNotification event, long serial, long poolSerial) {

  /**
   * supervisord's envelope, UTF-8 encoded. {@code len} counts the payload's characters (code
   * points), not its bytes: supervisord takes Python's {@code len()} of the text, and Python
   * listeners (childutils) read that many characters in text mode; the two only differ for
   * non-ASCII payloads.
   */
  byte[] envelope(String identifier, String pool) {
    String payload = event.payload();
    String header = "ver:3.0 server:" + identifier + " serial:" + serial + " pool:" + pool
        + " poolserial:" + poolSerial + " eventname:" + event.type().name()
        + " len:" + payload.codePointCount(0, payload.length()) + "\n";
    return (header + payload).getBytes(StandardCharsets.UTF_8);
  }
}
