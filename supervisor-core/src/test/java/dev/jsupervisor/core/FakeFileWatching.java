package dev.jsupervisor.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link FileWatching} the test fires by hand (on the test thread, as the watch thread would). */
final class FakeFileWatching implements FileWatching {
  final class Sub implements Subscription {
    final Path dir;
    final boolean recursive;
    final Predicate<Path> relevant;
    final Sink sink;
    boolean cancelled;

    Sub(Path dir, boolean recursive, Predicate<Path> relevant, Sink sink) {
      this.dir = dir;
      this.recursive = recursive;
      this.relevant = relevant;
      this.sink = sink;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  final List<Sub> subs = new ArrayList<>();
  boolean closed;

  @Override
  public synchronized Subscription watch(Path dir, boolean recursive, Predicate<Path> relevant, Sink sink) {
    Sub s = new Sub(dir, recursive, relevant, sink);
    subs.add(s);
    return s;
  }

  /** The live subscriptions. */
  synchronized List<Sub> active() {
    return subs.stream().filter(s -> !s.cancelled).toList();
  }

  /** Reports a change of {@code path} to every live subscription it is relevant to. */
  synchronized void change(Path path) {
    for (Sub s : active()) {
      boolean under = s.recursive ? path.startsWith(s.dir) : path.getParent().equals(s.dir);
      if (under && s.relevant.test(path)) {
        s.sink.changed(List.of(path));
      }
    }
  }

  /** Reports that a watched directory went away. */
  synchronized void lose(Path dir) {
    for (Sub s : active()) {
      if (s.dir.equals(dir)) {
        s.sink.lost(dir);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
