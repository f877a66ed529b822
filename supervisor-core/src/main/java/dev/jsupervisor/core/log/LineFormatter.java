package dev.jsupervisor.core.log;

import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns one channel's raw output into lines of {@link LogFormatSpec.Format#TIMESTAMPED} or
 * {@link LogFormatSpec.Format#JSON} text. Lines split across reads are joined; a line longer than
 * {@code maxLineBytes} is cut (at a UTF-8 character boundary) into pieces, every piece but the last
 * marked ({@value #CUT_MARK} at its end, {@code "cut":true} in JSON); one {@code \r} before the
 * {@code \n} is dropped; bytes that are not UTF-8 are written as the text {@code \xNN}, never
 * dropped. A line's time is when its first byte arrived. Not thread-safe: its {@link ProcessLog}
 * holds the lock.
 */
final class LineFormatter {
  static final String CUT_MARK = " [cut]";
  private static final byte[] CUT = CUT_MARK.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

  private final boolean json;
  private final int maxLine;
  private final DateTimeFormatter tsFormat;
  private final TimeSource time;
  private final byte[] jsonHead; // ,"program":"…","group":"…","pid":
  private final byte[] jsonStream; // ,"stream":"stdout","msg":"

  private byte[] partial = new byte[256];
  private int partialLen;
  private Instant partialSince;
  private long partialSinceNanos;

  private byte[] out = new byte[8192];
  private int outLen;

  // What every line of one millisecond and pid starts with: the timestamp and, for JSON, the keys
  // before the message; rebuilt when the millisecond or the pid changes. {@code prefixAt} is the
  // instant it was last checked against (one per feed), so most lines compare one reference.
  private Instant prefixAt;
  private long prefixMillis = Long.MIN_VALUE;
  private int prefixPid = Integer.MIN_VALUE;
  private byte[] prefix = new byte[0];

  LineFormatter(LogFormatSpec.Lines spec, String program, String group, String stream, TimeSource time, ZoneId zone) {
    this.json = spec.format() == LogFormatSpec.Format.JSON;
    this.maxLine = spec.maxLineBytes();
    DateTimeFormatter f = spec.timestampPattern().isEmpty() ? ISO_MILLIS
        : DateTimeFormatter.ofPattern(spec.timestampPattern(), Locale.ROOT);
    this.tsFormat = f.withZone(zone);
    this.time = time;
    this.jsonHead = ("\",\"program\":" + jsonString(program) + ",\"group\":" + jsonString(group) + ",\"pid\":")
        .getBytes(StandardCharsets.UTF_8);
    this.jsonStream = (",\"stream\":" + jsonString(stream) + ",\"msg\":\"").getBytes(StandardCharsets.UTF_8);
  }

  /** Encoded bytes of the last {@link #feed}/{@link #flush}: {@code buffer()[0, length)}. */
  byte[] buffer() {
    return out;
  }

  /** True while bytes of an unfinished line are held. */
  boolean hasPartial() {
    return partialLen > 0;
  }

  /** {@link TimeSource#nanoTime()} when the held partial line began. */
  long partialSinceNanos() {
    return partialSinceNanos;
  }

  /** Takes a chunk of output; returns how many encoded bytes are in {@link #buffer()}. */
  int feed(int pid, byte[] buf, int off, int len) {
    outLen = 0;
    if (len == 0) {
      return 0;
    }
    Instant now = time.now();
    int end = off + len;
    int start = off;
    while (start < end) {
      if (partialLen == 0) {
        // the common case: a whole line of bytes that go out as they are, up to its newline
        int special = json ? ByteScan.jsonSpecial(buf, start, end) : ByteScan.newlineOrNonAscii(buf, start, end);
        if (special < end && buf[special] == '\n' && special - start <= maxLine) {
          putPlainLine(pid, buf, start, special - start, now);
          start = special + 1;
          continue;
        }
      }
      int nl = ByteScan.indexOfNewline(buf, start, end);
      int stop = nl < 0 ? end : nl;
      if (partialLen > 0) {
        // join: append to the partial (bounded), cutting when it overflows
        start = appendPartial(pid, buf, start, stop);
        if (start < stop) {
          continue; // the partial was cut and emitted; the rest is a fresh partial
        }
        if (nl < 0) {
          return outLen;
        }
        emit(pid, partial, 0, partialLen, partialSince, false);
        partialLen = 0;
        start = nl + 1;
        continue;
      }
      // a fresh line from start to stop
      while (stop - start > maxLine) {
        int cut = cutPoint(buf, start, start + maxLine);
        emit(pid, buf, start, cut - start, now, true);
        start = cut;
      }
      if (nl < 0) {
        startPartial(buf, start, stop, now);
        return outLen;
      }
      emit(pid, buf, start, stop - start, now, false);
      start = nl + 1;
    }
    return outLen;
  }

  /** Emits a held partial line (child exited, or idle); returns the encoded length, 0 if none. */
  int flush(int pid) {
    outLen = 0;
    if (partialLen > 0) {
      emit(pid, partial, 0, partialLen, partialSince, false);
      partialLen = 0;
    }
    return outLen;
  }

  private int appendPartial(int pid, byte[] buf, int start, int stop) {
    int room = maxLine - partialLen;
    int take = Math.min(room, stop - start);
    ensurePartial(maxLine + 1);
    System.arraycopy(buf, start, partial, partialLen, take);
    partialLen += take;
    start += take;
    if (start < stop) {
      // more of this line than the bound: cut the partial (the next byte is its lookahead)
      partial[partialLen] = buf[start];
      int cut = cutPoint(partial, 0, partialLen);
      emit(pid, partial, 0, cut, partialSince, true);
      byte[] rest = Arrays.copyOfRange(partial, cut, partialLen);
      partialLen = 0;
      startPartial(rest, 0, rest.length, time.now());
    }
    return start;
  }

  private void startPartial(byte[] buf, int from, int to, Instant since) {
    if (partialLen == 0) {
      partialSince = since;
      partialSinceNanos = time.nanoTime();
    }
    ensurePartial(partialLen + to - from);
    System.arraycopy(buf, from, partial, partialLen, to - from);
    partialLen += to - from;
  }

  private void ensurePartial(int n) {
    if (partial.length < n) {
      partial = Arrays.copyOf(partial, Math.max(n, partial.length * 2));
    }
  }

  /** Where to cut {@code b[from, limit)}: at {@code limit}, moved back to a UTF-8 character start. */
  private static int cutPoint(byte[] b, int from, int limit) {
    int c = limit;
    for (int back = 0; back < 3 && c > from + 1 && (b[c] & 0xC0) == 0x80; back++) {
      c--;
    }
    return (b[c] & 0xC0) == 0x80 ? limit : c;
  }

  /**
   * Appends one line whose bytes {@code b[off, off+len)} hold nothing {@link #putText} would change
   * (the caller scanned them): prefix, the bytes as they are, suffix; the common case, kept short.
   */
  private void putPlainLine(int pid, byte[] b, int off, int len, Instant at) {
    if (len > 0 && b[off + len - 1] == '\r') { // JSON's scan stops at '\r': only timestamped lines
      len--;
    }
    byte[] p = prefix(pid, at);
    int n = outLen;
    if (out.length < n + p.length + len + 3) {
      ensureOut(n + p.length + len + 3);
    }
    byte[] o = out;
    System.arraycopy(p, 0, o, n, p.length);
    n += p.length;
    System.arraycopy(b, off, o, n, len);
    n += len;
    if (json) {
      o[n++] = '"';
      o[n++] = '}';
    }
    o[n++] = '\n';
    outLen = n;
  }

  /** Appends one line, escaping what {@link #putText} escapes; cut: marked as a cut piece. */
  private void emit(int pid, byte[] b, int off, int len, Instant at, boolean cut) {
    if (!cut && len > 0 && b[off + len - 1] == '\r') {
      len--;
    }
    byte[] p = prefix(pid, at);
    ensureOut(outLen + p.length + len * 6 + 32);
    put(p);
    putText(b, off, len, json);
    if (json) {
      put((byte) '"');
      if (cut) {
        put(JSON_CUT);
      }
      put((byte) '}');
    } else if (cut) {
      put(CUT);
    }
    put((byte) '\n');
  }

  private static final byte[] JSON_TS = "{\"ts\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_CUT = ",\"cut\":true".getBytes(StandardCharsets.US_ASCII);

  /**
   * What a line of {@code pid} at {@code at} starts with: {@code <ts> } or
   * {@code {"ts":"<ts>","program":…,"pid":<pid>,"stream":…,"msg":"}. A pattern's text depends only
   * on the instant (the zone is fixed); lines of one millisecond share the text of its first.
   */
  private byte[] prefix(int pid, Instant at) {
    if (at == prefixAt && pid == prefixPid) {
      return prefix;
    }
    long ms = at.toEpochMilli();
    prefixAt = at;
    if (ms != prefixMillis || pid != prefixPid) {
      prefixMillis = ms;
      prefixPid = pid;
      String ts = tsFormat.format(at);
      if (json) {
        byte[] t = jsonEscape(ts).getBytes(StandardCharsets.UTF_8);
        byte[] id = Integer.toString(pid).getBytes(StandardCharsets.US_ASCII);
        byte[] x = new byte[JSON_TS.length + t.length + jsonHead.length + id.length + jsonStream.length];
        int k = 0;
        for (byte[] part : new byte[][] {JSON_TS, t, jsonHead, id, jsonStream}) {
          System.arraycopy(part, 0, x, k, part.length);
          k += part.length;
        }
        prefix = x;
      } else {
        prefix = (ts + " ").getBytes(StandardCharsets.UTF_8);
      }
    }
    return prefix;
  }

  /** Valid UTF-8 is copied; each byte of an invalid sequence becomes {@code \xNN}; JSON escapes too. */
  private void putText(byte[] b, int off, int len, boolean jsonEscapes) {
    int end = off + len;
    int i = off;
    while (i < end) {
      // the common case: a run of printable ASCII, copied at once
      int run = i;
      while (i < end) {
        byte v = b[i];
        if (v < 0x20 || (jsonEscapes && (v == '"' || v == '\\'))) { // negative: not ASCII
          break;
        }
        i++;
      }
      if (i > run) {
        System.arraycopy(b, run, out, outLen, i - run);
        outLen += i - run;
        continue;
      }
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (jsonEscapes && (c < 0x20 || c == '"' || c == '\\')) {
          putJsonEscape(c);
        } else {
          out[outLen++] = (byte) c;
        }
        i++;
        continue;
      }
      int n = utf8Length(b, i, end);
      if (n == 0) {
        if (jsonEscapes) {
          out[outLen++] = '\\';
        }
        out[outLen++] = '\\';
        out[outLen++] = 'x';
        out[outLen++] = HEX[c >> 4];
        out[outLen++] = HEX[c & 0xF];
        i++;
      } else {
        System.arraycopy(b, i, out, outLen, n);
        outLen += n;
        i += n;
      }
    }
  }

  /** The length of the valid UTF-8 sequence starting at {@code b[i]} (not ASCII), or 0 if invalid. */
  static int utf8Length(byte[] b, int i, int end) {
    int c = b[i] & 0xFF;
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) {
        lo = 0xA0;
      } else if (c == 0xED) {
        hi = 0x9F;
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) {
        lo = 0x90;
      } else if (c == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int c1 = b[i + 1] & 0xFF;
    if (c1 < lo || c1 > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return n;
  }

  private void putJsonEscape(int c) {
    out[outLen++] = '\\';
    switch (c) {
      case '"' -> out[outLen++] = '"';
      case '\\' -> out[outLen++] = '\\';
      case '\n' -> out[outLen++] = 'n';
      case '\r' -> out[outLen++] = 'r';
      case '\t' -> out[outLen++] = 't';
      case '\b' -> out[outLen++] = 'b';
      case '\f' -> out[outLen++] = 'f';
      default -> {
        out[outLen++] = 'u';
        out[outLen++] = '0';
        out[outLen++] = '0';
        out[outLen++] = HEX[c >> 4];
        out[outLen++] = HEX[c & 0xF];
      }
    }
  }

  private void put(byte b) {
    out[outLen++] = b;
  }

  private void put(byte[] b) {
    System.arraycopy(b, 0, out, outLen, b.length);
    outLen += b.length;
  }

  private void ensureOut(int n) {
    if (out.length < n) {
      out = Arrays.copyOf(out, Math.max(n, out.length * 2));
    }
  }

  static String jsonString(String s) {
    return "\"" + jsonEscape(s) + "\"";
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
