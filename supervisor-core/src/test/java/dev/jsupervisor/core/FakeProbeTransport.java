package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A probe transport the test answers by hand: each attempt waits for {@link #pass} or {@link #fail}. Thread-safe. */
final class FakeProbeTransport implements ProbeTransport {
  final class Pending implements Attempt {
    final ProbeSpec.Check check;
    private final Consumer<String> done;
    boolean cancelled;

    Pending(ProbeSpec.Check check, Consumer<String> done) {
      this.check = check;
      this.done = done;
    }

    @Override
    public void cancel() {
      synchronized (FakeProbeTransport.this) {
        cancelled = true;
      }
    }
  }

  private final List<Pending> attempts = new ArrayList<>();

  @Override
  public synchronized Attempt start(ProbeSpec.Check check, Consumer<String> done) {
    Pending p = new Pending(check, done);
    attempts.add(p);
    return p;
  }

  synchronized int started() {
    return attempts.size();
  }

  synchronized Pending last() {
    return attempts.get(attempts.size() - 1);
  }

  /** The latest attempt passes. */
  void pass() {
    last().done.accept(null);
  }

  /** The latest attempt fails with {@code why}. */
  void fail(String why) {
    last().done.accept(why);
  }

  @Override
  public void close() {}
}
