package dev.jsupervisor.ctl;

import java.io.IOException;

/**
 * Turns terminal echo off while a password is typed ({@code stty -echo}) and back on when closed.
 * Does nothing when stdin is not a terminal. Called on the session thread.
 */
final class TerminalEcho implements AutoCloseable {
  private final boolean changed;

  private TerminalEcho(boolean changed) {
    this.changed = changed;
  }

  static TerminalEcho off() {
    return new TerminalEcho(System.console() != null && stty("-echo"));
  }

  @Override
  public void close() {
    if (changed) {
      stty("echo");
    }
  }

  private static boolean stty(String mode) {
    try {
      Process p = new ProcessBuilder("stty", mode)
          .redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectErrorStream(true)
          .start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
