package dev.jsupervisor.core.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the bytes a {@link LineFormatter} must look at, eight at a time (SWAR: one {@code long}
 * load and a few arithmetic operations per eight bytes, exact as a yes/no per word; the byte
 * within the word is then found one by one). Stateless.
 */
final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;

  private ByteScan() {}

  /** The high bit of a byte of the result is set if that byte of {@code w} is 0 (exact when none is). */
  private static long zeroBytes(long w) {
    return (w - ONES) & ~w & HIGHS;
  }

  /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1. */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to && zeroBytes((long) LONGS.get(b, i) ^ NEWLINES) == 0) {
      i += 8;
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first byte of {@code b[from, to)} that is {@code '\n'} or not ASCII (what a
   * timestamped line cannot copy as it is), or {@code to}.
   */
  static int newlineOrNonAscii(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long w = (long) LONGS.get(b, i);
      long n = w ^ NEWLINES;
      if ((((n - ONES) & ~n | w) & HIGHS) != 0) { // a zero byte of n (a newline of w), or not ASCII
        break;
      }
      i += 8;
    }
    for (; i < to; i++) {
      byte v = b[i];
      if (v == '\n' || v < 0) {
        return i;
      }
    }
    return to;
  }

  /**
   * The index of the first byte of {@code b[from, to)} that a JSON string cannot hold as it is: a
   * control character (this includes {@code '\n'}), {@code '"'}, {@code '\\'} or a non-ASCII byte;
   * or {@code to}.
   */
  static int jsonSpecial(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long w = (long) LONGS.get(b, i);
      long q = w ^ QUOTES;
      long s = w ^ BACKSLASHES;
      // a byte < 0x20, a zero byte of q (a quote) or of s (a backslash), or not ASCII; one mask at
      // the end (under C1, the daemon's only JIT, every operation saved counts)
      if ((((w - SPACES) & ~w | (q - ONES) & ~q | (s - ONES) & ~s | w) & HIGHS) != 0) {
        break;
      }
      i += 8;
    }
    for (; i < to; i++) {
      byte v = b[i];
      if (v < 0x20 || v == '"' || v == '\\') { // negative: not ASCII
        return i;
      }
    }
    return to;
  }
}
