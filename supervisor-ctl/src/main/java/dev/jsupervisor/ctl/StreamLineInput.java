package dev.jsupervisor.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lines from a plain stream (a pipe, a file, an embedding caller's stream): the prompt is written
 * to {@code out} and the line read as is, with no editing. A daemon thread ("ctl-stdin", started on
 * first use) reads the stream into a queue so that a reader can be woken by Ctrl-C
 * ({@link #interrupt()}) even while the stream read itself cannot be interrupted.
 */
final class StreamLineInput implements LineInput {
  private static final Object EOF = new Object();
  private static final Object INTERRUPT = new Object();

  private final InputStream in;
  private final PrintStream out;
  private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private Thread pump;
  private boolean ended;
  private volatile boolean waiting;

  StreamLineInput(InputStream in, PrintStream out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public String readLine(String prompt) throws InterruptedIOException {
    out.print(prompt);
    out.flush();
    return take();
  }

  /** Turns the terminal's echo off while reading when stdin is one (getpass without readline). */
  @Override
  public String readSecret(String prompt) throws InterruptedIOException {
    out.print(prompt);
    out.flush();
    try (TerminalEcho ignored = TerminalEcho.off()) {
      return take();
    }
  }

  private synchronized String take() throws InterruptedIOException {
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

  @Override
  public boolean interrupt() {
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
