package dev.jsupervisor.ctl;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether the process talks to a person at a terminal: stdin and stdout both a tty, the condition
 * under which Python's {@code input()} uses readline. Plain JDK (no JLine), so that asking does not
 * load the editing library.
 */
final class Tty {
  private Tty() {}

  /** True when stdin and stdout are a terminal. */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false; // up to JDK 21: no console unless both are a terminal
    }
    try {
      // JDK 22+ has a console even when redirected; isTerminal() tells them apart
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
