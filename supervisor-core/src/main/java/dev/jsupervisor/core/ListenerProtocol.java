package dev.jsupervisor.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The event-listener protocol as supervisord reads it from a listener's stdout
 * ({@code PEventListenerDispatcher}): ACKNOWLEDGED until {@code READY\n}; READY until an event is
 * {@link #sent()}; BUSY until {@code RESULT <len>\n} and {@code len} bytes; then ACKNOWLEDGED again.
 * Anything else is a violation and the listener is UNKNOWN (deaf) until its next spawn. Tokens may
 * arrive split across reads or several in one. Memory is bounded: a result line longer than
 * {@link #MAX_LINE} or a result longer than {@link #MAX_RESULT} counts as a bad result line. Loop
 * thread only.
 */
final class ListenerProtocol {
  /** supervisord's {@code EventListenerStates}. */
  enum State { READY, BUSY, ACKNOWLEDGED, UNKNOWN }

  /**
   * What the protocol tells its listener, during {@link #feed}, in supervisord's order: the
   * verdict on a result, then the state change, then (rejected or bad line) {@link #eventReturned}.
   */
  interface Outcomes {
    /** A state change other than READY → BUSY (which supervisord does not report). */
    void stateChanged(State from, State to);

    /** The handler accepted the result ({@code OK}). */
    void processed();

    /** The handler rejected the result (the default handler: it was not {@code OK}). */
    void rejected(byte[] result);

    /** The handler failed on the result (the listener becomes UNKNOWN). */
    void handlerFailed(byte[] result);

    /** The result line had no integer length (the listener becomes UNKNOWN). */
    void badResultLine(String line);

    /** After a rejection or a bad result line: the event must be buffered again. */
    void eventReturned();
  }

  static final int MAX_LINE = 4096;
  static final int MAX_RESULT = 1 << 20;
  private static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
  private static final int RESULT_TOKEN_LEN = "RESULT ".length();

  private final Outcomes outcomes;
  private final ResultHandler handler;
  private State state = State.ACKNOWLEDGED;
  private byte[] buffer = new byte[0];
  private int resultLen = -1;
  private final ByteArrayOutputStream result = new ByteArrayOutputStream();

  ListenerProtocol(Outcomes outcomes, ResultHandler handler) {
    this.outcomes = outcomes;
    this.handler = handler;
  }

  State state() {
    return state;
  }

  /** A new child: ACKNOWLEDGED, nothing buffered (no state-change report, as a new dispatcher). */
  void reset() {
    state = State.ACKNOWLEDGED;
    buffer = new byte[0];
    resultLen = -1;
    result.reset();
  }

  /** An envelope was written: READY → BUSY. */
  void sent() {
    if (state != State.READY) {
      throw new IllegalStateException("an event was sent to a listener that is " + state);
    }
    state = State.BUSY;
  }

  /** The listener broke the protocol some other way (e.g. it flooded its stdout): UNKNOWN. */
  void violated() {
    buffer = new byte[0];
    if (state != State.UNKNOWN) {
      change(State.UNKNOWN);
    }
  }

  /** Bytes the listener wrote to its stdout, in order. */
  void feed(byte[] data) {
    byte[] joined = Arrays.copyOf(buffer, buffer.length + data.length);
    System.arraycopy(data, 0, joined, buffer.length, data.length);
    buffer = joined;
    while (buffer.length > 0 && step()) {
      // each step consumes a token or decides it needs more bytes
    }
  }

  /** One decision on the buffer; false when more bytes are needed (or everything was dropped). */
  private boolean step() {
    switch (state) {
      case UNKNOWN -> {
        buffer = new byte[0];
        return false;
      }
      case ACKNOWLEDGED -> {
        if (buffer.length < READY_TOKEN.length) {
          return false;
        }
        if (Arrays.equals(buffer, 0, READY_TOKEN.length, READY_TOKEN, 0, READY_TOKEN.length)) {
          buffer = Arrays.copyOfRange(buffer, READY_TOKEN.length, buffer.length);
          change(State.READY);
          return true;
        }
        violated();
        return false;
      }
      case READY -> {
        violated(); // spurious data: supervisord is strict about it
        return false;
      }
      case BUSY -> {
        return resultLen < 0 ? resultLine() : resultBytes();
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private boolean resultLine() {
    int nl = indexOf(buffer, (byte) '\n');
    if (nl < 0) {
      if (buffer.length > MAX_LINE) {
        badLine(buffer.length);
      }
      return false;
    }
    int len = parseLength(buffer, nl);
    if (len < 0) {
      badLine(nl);
      return false;
    }
    resultLen = len;
    buffer = Arrays.copyOfRange(buffer, nl + 1, buffer.length);
    return true;
  }

  private boolean resultBytes() {
    int needed = resultLen - result.size();
    int take = Math.min(needed, buffer.length);
    result.write(buffer, 0, take);
    buffer = Arrays.copyOfRange(buffer, take, buffer.length);
    if (result.size() < resultLen) {
      return false;
    }
    byte[] r = result.toByteArray();
    result.reset();
    resultLen = -1;
    ResultHandler.Verdict verdict;
    try {
      verdict = handler.handle(r);
    } catch (RuntimeException e) {
      verdict = ResultHandler.Verdict.ERROR;
    }
    switch (verdict) {
      case PROCESSED -> {
        outcomes.processed();
        change(State.ACKNOWLEDGED);
      }
      case REJECTED -> {
        outcomes.rejected(r);
        change(State.ACKNOWLEDGED);
        outcomes.eventReturned();
      }
      default -> {
        outcomes.handlerFailed(r);
        change(State.UNKNOWN);
        outcomes.eventReturned();
        return false;
      }
    }
    return true;
  }

  private void badLine(int end) {
    String line = new String(buffer, 0, Math.min(end, MAX_LINE), StandardCharsets.UTF_8);
    buffer = new byte[0];
    outcomes.badResultLine(line);
    change(State.UNKNOWN);
    outcomes.eventReturned();
  }

  /**
   * The length after the first 7 bytes of the line (not checked to be {@code RESULT }, as
   * supervisord), with Python {@code int()}'s tolerance of surrounding blanks; -1 if it is not a
   * length from 0 to {@link #MAX_RESULT}.
   */
  private static int parseLength(byte[] b, int end) {
    if (end < RESULT_TOKEN_LEN) {
      return -1;
    }
    String digits = new String(b, RESULT_TOKEN_LEN, end - RESULT_TOKEN_LEN, StandardCharsets.US_ASCII).strip();
    if (digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int n = Integer.parseInt(digits);
    return n <= MAX_RESULT ? n : -1;
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private void change(State next) {
    State from = state;
    state = next;
    outcomes.stateChanged(from, next);
  }
}
