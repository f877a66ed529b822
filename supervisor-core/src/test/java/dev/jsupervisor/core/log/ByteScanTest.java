package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class ByteScanTest {
  private static final byte[] PALETTE = {'a', 'z', ' ', '~', '\n', '\r', '\t', 0x01, 0x1f, 0x20, '"', '\\', '!', '#',
      '[', ']', 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff};

  private static int naiveNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int naiveNonAscii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n' || b[i] < 0) {
        return i;
      }
    }
    return to;
  }

  private static int naiveJson(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if ((b[i] & 0xff) < 0x20 || b[i] == '"' || b[i] == '\\' || b[i] < 0) {
        return i;
      }
    }
    return to;
  }

  @Test
  void scans_oneSpecialByteAtEveryPositionAndAlignment_findItAsAByteLoopWould() {
    for (byte special : PALETTE) {
      for (int len = 0; len < 40; len++) {
        for (int at = -1; at < len; at++) {
          byte[] b = new byte[len + 3];
          java.util.Arrays.fill(b, (byte) 'x');
          if (at >= 0) {
            b[at + 1] = special;
          }
          assertThat(ByteScan.indexOfNewline(b, 1, len + 1)).isEqualTo(naiveNewline(b, 1, len + 1));
          assertThat(ByteScan.newlineOrNonAscii(b, 1, len + 1)).isEqualTo(naiveNonAscii(b, 1, len + 1));
          assertThat(ByteScan.jsonSpecial(b, 1, len + 1)).isEqualTo(naiveJson(b, 1, len + 1));
        }
      }
    }
  }

  @Test
  void scans_randomBytes_agreeWithAByteLoop() {
    SplittableRandom r = new SplittableRandom(12);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[r.nextInt(1, 70)];
      boolean sparse = r.nextBoolean();
      for (int i = 0; i < b.length; i++) {
        b[i] = sparse && r.nextInt(16) != 0 ? (byte) r.nextInt(0x21, 0x7f) : (byte) r.nextInt(256);
      }
      int from = r.nextInt(b.length);
      int to = r.nextInt(from, b.length + 1);
      assertThat(ByteScan.indexOfNewline(b, from, to)).isEqualTo(naiveNewline(b, from, to));
      assertThat(ByteScan.newlineOrNonAscii(b, from, to)).isEqualTo(naiveNonAscii(b, from, to));
      assertThat(ByteScan.jsonSpecial(b, from, to)).isEqualTo(naiveJson(b, from, to));
    }
  }
}
