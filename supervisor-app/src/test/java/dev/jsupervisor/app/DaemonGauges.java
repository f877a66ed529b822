package dev.jsupervisor.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * What a daemon holds, read from {@code /proc/<pid>}: descriptors, threads, resident memory. For
 * the reliability tests, which compare them before, during and after an attack.
 */
record DaemonGauges(long pid) {

  /** Open descriptors ({@code /proc/<pid>/fd}). */
  long fds() {
    return count(Path.of("/proc", Long.toString(pid), "fd"));
  }

  /** Threads ({@code /proc/<pid>/task}). */
  long threads() {
    return count(Path.of("/proc", Long.toString(pid), "task"));
  }

  /** Resident set size in MiB ({@code VmRSS}). */
  long rssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
      throw new IllegalStateException("no VmRSS for " + pid);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Descriptors open for reading on files whose path contains {@code part} (a tail's handle; the
   * loggers' own are write-only).
   */
  long readersOn(String part) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.filter(fd -> {
        try {
          int mode = (Integer) Files.getAttribute(fd, "unix:mode", LinkOption.NOFOLLOW_LINKS);
          return (mode & 0400) != 0 && Files.readSymbolicLink(fd).toString().contains(part);
        } catch (IOException e) {
          return false;
        }
      }).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String describe() {
    return "fds " + fds() + ", threads " + threads() + ", RSS " + rssMib() + " MiB";
  }

  private static long count(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code value} until it is at most {@code bound} or {@code seconds} passed; returns the last value. */
  static long awaitAtMost(LongSupplier value, long bound, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long v = value.getAsLong();
    while (v > bound && System.nanoTime() - deadline < 0) {
      Thread.sleep(100);
      v = value.getAsLong();
    }
    return v;
  }
}
