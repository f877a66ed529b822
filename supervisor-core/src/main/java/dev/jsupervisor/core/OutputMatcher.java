package dev.jsupervisor.core;

import dev.jsupervisor.core.spi.OutputSink;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * An output sink in front of a channel's log that looks for the first line matching a readiness
 * probe's regex (lines longer than {@link #MAX_LINE} bytes are matched on their first MAX_LINE bytes)
 * and then posts {@code onMatch} to the loop once. Everything is passed on unchanged. Called on
 * the launcher's I/O thread.
 */
final class OutputMatcher implements OutputSink {
  static final int MAX_LINE = 8 << 10;

  private final OutputSink next;
  private final Pattern regex;
  private final AtomicBoolean matched;
  private final Runnable onMatch;
  private final byte[] line = new byte[MAX_LINE];
  private int length;

  /** {@code matched} is shared by the stdout and stderr matchers of one spawn. */
  OutputMatcher(OutputSink next, Pattern regex, AtomicBoolean matched, Runnable onMatch) {
    this.next = next;
    this.regex = regex;
    this.matched = matched;
    this.onMatch = onMatch;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    next.write(b, off, len);
    if (matched.get()) {
      return;
    }
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == '\n') {
        lineEnded();
      } else if (length < MAX_LINE) {
        line[length++] = c;
      }
    }
  }

  private void lineEnded() {
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    length = 0;
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (regex.matcher(text).find() && matched.compareAndSet(false, true)) {
      onMatch.run();
    }
  }
}
