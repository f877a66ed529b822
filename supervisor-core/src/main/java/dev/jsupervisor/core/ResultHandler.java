package dev.jsupervisor.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a listener pool does with a listener's {@code RESULT} body ({@code [eventlistener:x]
 * result_handler}): accept the event, reject it (it goes back to the head of the pool's buffer), or
 * fail (supervisord's "event caused an error": the listener becomes UNKNOWN and the event goes back
 * too). Called on the engine's loop thread; it must not block for long, and an exception it throws
 * counts as {@link Verdict#ERROR}.
 */
@FunctionalInterface
public interface ResultHandler {
  /** The handler's decision. */
  enum Verdict { PROCESSED, REJECTED, ERROR }

  /** Decides on one result; {@code result} is the body after {@code RESULT <len>\n}. */
  Verdict handle(byte[] result);

  /** supervisord's {@code supervisor.dispatchers:default_handler}: {@code OK} accepts, anything else rejects. */
  ResultHandler DEFAULT = new ResultHandler() {
    private final byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Verdict handle(byte[] result) {
      return Arrays.equals(result, ok) ? Verdict.PROCESSED : Verdict.REJECTED;
    }

    @Override
    public String toString() {
      return "supervisor.dispatchers:default_handler";
    }
  };
}
