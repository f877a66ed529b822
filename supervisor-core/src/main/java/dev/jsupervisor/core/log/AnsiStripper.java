package dev.jsupervisor.core.log;

import dev.jsupervisor.core.spi.OutputSink;

/**
 * supervisord's {@code strip_ansi} ({@code dispatchers.stripEscapes}) in front of a sink: from each
 * {@code ESC [} up to and including the next of {@code H f A B C D R s u J K h l p m}, everything is
 * dropped; no other byte is touched (a lone ESC, OSC sequences and the like pass, as in supervisord).
 * Unlike supervisord, which strips each pipe read on its own, an escape split across two reads is
 * still stripped whole, as long as its start was in the last {@link #CARRY} bytes of the first read
 * (a longer one ends at the read's end, as supervisord's does); an ESC that ends a read is written
 * (as supervisord) and a {@code [} starting the next read then opens an escape. Called on the
 * launcher's I/O thread only; never throws.
 */
public final class AnsiStripper implements OutputSink {
  /** An escape open at the end of a read is continued into the next only if this short so far. */
  static final int CARRY = 32;

  private final OutputSink next;
  private byte[] out = new byte[8192];
  /** 0 = showing; 1 = the last read ended with ESC (written); 2 = inside ESC [ …, swallowing. */
  private int state;
  private int swallowed;

  public AnsiStripper(OutputSink next) {
    this.next = next;
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    if (out.length < len) {
      out = new byte[Math.max(len, out.length * 2)];
    }
    int n = 0;
    int end = off + len;
    int i = off;
    if (state == 1) {
      if (len == 0) {
        return;
      }
      if (buf[off] == '[') {
        state = 2;
        swallowed = 0;
        i++;
      } else {
        state = 0;
      }
    }
    for (; i < end; i++) {
      byte b = buf[i];
      if (state == 2) {
        swallowed++;
        if (isTerminator(b)) {
          state = 0;
        }
      } else if (b == 0x1b) {
        if (i + 1 < end) {
          if (buf[i + 1] == '[') {
            state = 2;
            swallowed = 0;
            i++;
          } else {
            out[n++] = b;
          }
        } else {
          out[n++] = b;
          state = 1;
        }
      } else {
        out[n++] = b;
      }
    }
    if (state == 2 && swallowed > CARRY) {
      state = 0;
    }
    if (n > 0) {
      next.write(out, 0, n);
    }
  }

  /** Strips one whole message at once (a captured PROCESS_COMMUNICATION body), as supervisord. */
  public static byte[] strip(byte[] data) {
    byte[][] holder = new byte[1][];
    AnsiStripper s = new AnsiStripper((b, o, l) -> holder[0] = java.util.Arrays.copyOfRange(b, o, o + l));
    s.write(data, 0, data.length);
    return holder[0] == null ? new byte[0] : holder[0];
  }

  private static boolean isTerminator(byte b) {
    return switch (b) {
      case 'H', 'f', 'A', 'B', 'C', 'D', 'R', 's', 'u', 'J', 'K', 'h', 'l', 'p', 'm' -> true;
      default -> false;
    };
  }
}
