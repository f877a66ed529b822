package dev.jsupervisor.ctl;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/**
 * Routes Ctrl-C (SIGINT) to the session instead of killing the JVM, so {@code tail -f} and
 * {@code fg} detach cleanly as in supervisorctl. Uses {@code sun.misc.Signal} reflectively (it is
 * in {@code jdk.unsupported}, present on every JDK we run on); if it is missing, Ctrl-C simply ends
 * the JVM. Installed only by {@link SupervisorCtl#main}: an embedding caller keeps its own handler.
 */
final class Interrupts {
  private Interrupts() {}

  /**
   * Installs the handler. {@code handler} runs on the JVM's signal thread and returns whether it
   * handled the interrupt; when it did not, the process exits with status 130.
   */
  static void install(BooleanSupplier handler, Runnable beforeExit) {
    Runnable onInterrupt = onInterrupt(handler, beforeExit);
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("INT");
      InvocationHandler ih = (Object proxy, Method m, Object[] args) -> {
        if (m.getName().equals("handle")) {
          onInterrupt.run();
          return null;
        }
        return switch (m.getName()) {
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> "ctl-interrupt-handler";
        };
      };
      Object proxy = Proxy.newProxyInstance(
          Interrupts.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, proxy);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no signal support: default JVM behaviour (exit on Ctrl-C) is an acceptable fallback
    }
  }

  /**
   * What Ctrl-C does, for a signal handler of someone else's (the terminal's while JLine owns
   * SIGINT): runs {@code handler}, and when it did not handle the interrupt, runs {@code
   * beforeExit} and halts with status 130.
   */
  static Runnable onInterrupt(BooleanSupplier handler, Runnable beforeExit) {
    return () -> {
      if (!handler.getAsBoolean()) {
        beforeExit.run();
        Runtime.getRuntime().halt(130);
      }
    };
  }
}
