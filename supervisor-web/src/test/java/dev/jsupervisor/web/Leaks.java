package dev.jsupervisor.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/** This JVM's own descriptors and threads, read from /proc and the thread list, for leak tests. */
final class Leaks {
  private Leaks() {}

  /** How many descriptors this process has open. */
  static int openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many descriptors this process has open on {@code file}. */
  static int openFdsOn(Path file) {
    Path target = file.toAbsolutePath().normalize();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(target);
        } catch (IOException e) {
          return false; // closed meanwhile
        }
      }).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many live threads have a name starting with {@code prefix}. */
  static int threadsNamed(String prefix) {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  /** Polls {@code value} until it is at most {@code bound} or {@code seconds} passed; returns the last value. */
  static int awaitAtMost(IntSupplier value, int bound, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int v = value.getAsInt();
    while (v > bound && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
      v = value.getAsInt();
    }
    return v;
  }

  /** Polls {@code value} until it is at least {@code bound} or {@code seconds} passed; returns the last value. */
  static int awaitAtLeast(IntSupplier value, int bound, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int v = value.getAsInt();
    while (v < bound && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
      v = value.getAsInt();
    }
    return v;
  }
}
