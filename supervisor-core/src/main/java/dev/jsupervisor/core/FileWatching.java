package dev.jsupervisor.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where file-change notifications come from: the daemon uses {@link JdkFileWatching} (inotify
 * through the JDK's WatchService, one thread for the whole supervisor); tests use a fake they fire
 * by hand. Registration and cancellation from the loop thread; sinks are called on the watching
 * thread and must only hand the news on (post to the loop).
 */
interface FileWatching {

  /** Receives the changes of one subscription; called on the watching thread, must not block. */
  interface Sink {
    /**
     * Entries that were created, modified, deleted or renamed (absolute paths; the watched
     * directory itself when the kernel dropped events, so the exact entries are unknown).
     */
    void changed(List<Path> paths);

    /** The watched directory {@code dir} itself went away (deleted or unmounted); nothing more comes. */
    void lost(Path dir);
  }

  /** One registration; {@link #cancel()} releases its watches (idempotent, loop thread). */
  interface Subscription {
    void cancel();
  }

  /**
   * Watches the entries of {@code dir} (and, with {@code recursive}, of every directory under it,
   * including those created later) for which {@code relevant} holds.
   *
   * @throws IOException if {@code dir} cannot be watched (missing, not a directory, no inotify
   *     watch left); nothing is registered then
   */
  Subscription watch(Path dir, boolean recursive, Predicate<Path> relevant, Sink sink) throws IOException;

  /** Releases everything; later {@link #watch} calls fail. Any thread. */
  void close();
}
