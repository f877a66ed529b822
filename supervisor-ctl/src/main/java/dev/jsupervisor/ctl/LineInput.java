package dev.jsupervisor.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lines typed by the user. A daemon thread ("ctl-stdin", started on first use) reads the stream
 * into a queue so that a reader can be woken by Ctrl-C ({@link #interrupt()}) even while the
 * stream read itself cannot be interrupted.
 */
final class LineInput {
  private static final Object EOF = new Object();
  private static final Object INTERRUPT = new Object();

  private final InputStream in;
  private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private Thread pump;
  private boolean ended;
  private volatile boolean waiting;

  LineInput(InputStream in) {
    this.in = in;
  }

  /**
   * Waits for the next line (without its line terminator).
   *
   * @return the line, or null at end of input
   * @throws InterruptedIOException when Ctrl-C was pressed while waiting
   */
  synchronized String readLine() throws InterruptedIOException {
    if (ended) {
      return null;
    }
    startPump();
    Object o;
    waiting = true;
    try {
      o = lines.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      waiting = false;
    }
    if (o == INTERRUPT) {
      throw new InterruptedIOException("interrupted");
    }
    if (o == EOF) {
      ended = true;
      return null;
    }
    return (String) o;
  }

  /**
   * Wakes a waiting {@link #readLine()} with an interrupt; callable from any thread.
   *
   * @return false if nobody was waiting for input (the interrupt is then dropped)
   */
  boolean interrupt() {
    if (!waiting) {
      return false;
    }
    lines.add(INTERRUPT);
    return true;
  }

  private void startPump() {
    if (pump != null) {
      return;
    }
    pump = new Thread(this::pumpLines, "ctl-stdin");
    pump.setDaemon(true);
    pump.start();
  }

  private void pumpLines() {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        lines.add(l);
      }
    } catch (IOException e) {
      // an unreadable stdin is the end of input
    }
    lines.add(EOF);
  }
}
