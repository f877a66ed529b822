package dev.jsupervisor.core;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The well-known {@code supervisor_stdout:event_handler} (PyPI supervisor-stdout), done natively:
 * its listener echoes each PROCESS_LOG payload back as the result, and the handler writes the log
 * data to the daemon's own stdout, each line prefixed {@code "<processname> <channel> | "} — how
 * containers get their programs' output into {@code docker logs}. The Python original fails on
 * Python 3 (it splits bytes with a str) and prints an extra prefix-only line after data that ends
 * with a newline; this one does what it was meant to: one prefixed line per line of output. A result
 * without the header line or without {@code processname}/{@code channel} is an
 * {@link Verdict#ERROR}, as the original's exception is. Loop thread; writes to {@code out} block it.
 */
public final class StdoutEchoHandler implements ResultHandler {
  private final OutputStream out;

  /** Writes to {@code out} (the daemon's {@code System.out}). */
  public StdoutEchoHandler(OutputStream out) {
    this.out = out;
  }

  @Override
  public Verdict handle(byte[] result) {
    int nl = indexOf(result, (byte) '\n', 0);
    if (nl < 0) {
      return Verdict.ERROR;
    }
    Map<String, String> headers = new HashMap<>();
    for (String token : new String(result, 0, nl, StandardCharsets.UTF_8).trim().split("\\s+")) {
      int colon = token.indexOf(':');
      if (colon < 0) {
        return Verdict.ERROR;
      }
      headers.put(token.substring(0, colon), token.substring(colon + 1));
    }
    String process = headers.get("processname");
    String channel = headers.get("channel");
    if (process == null || channel == null) {
      return Verdict.ERROR;
    }
    byte[] prefix = (process + " " + channel + " | ").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream lines = new ByteArrayOutputStream(result.length + 64);
    int start = nl + 1;
    while (start < result.length) {
      int end = indexOf(result, (byte) '\n', start);
      int stop = end < 0 ? result.length : end;
      lines.write(prefix, 0, prefix.length);
      lines.write(result, start, stop - start);
      lines.write('\n');
      start = stop + 1;
    }
    if (lines.size() == 0) { // an empty payload: the original prints one prefix-only line
      lines.write(prefix, 0, prefix.length);
      lines.write('\n');
    }
    try {
      synchronized (out) {
        lines.writeTo(out);
        out.flush();
      }
    } catch (IOException e) {
      return Verdict.ERROR;
    }
    return Verdict.PROCESSED;
  }

  private static int indexOf(byte[] b, byte value, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** Equal when writing to the same stream, so that a reloaded config sees an unchanged pool. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StdoutEchoHandler h && h.out == out;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(out);
  }

  @Override
  public String toString() {
    return "supervisor_stdout:event_handler";
  }
}
