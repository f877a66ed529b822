package dev.jsupervisor.core;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link FileWatching} on the JDK's WatchService (inotify on Linux): one WatchService and one
 * daemon thread ({@code supervisor-watch}, started by the first {@link #watch}) for every
 * subscription of the supervisor, so watching costs no thread per program. Several subscriptions
 * on one directory share its watch key; a key is cancelled when its last subscription goes.
 * Recursive subscriptions register directories created later as their creation is seen (and
 * report the entries already inside them, which were created before the watch). Registration on
 * any thread; sinks run on {@code supervisor-watch}. A failing sink is logged and skipped.
 */
final class JdkFileWatching implements FileWatching {
  private static final System.Logger LOG = System.getLogger(JdkFileWatching.class.getName());

  /** One subscription; its keys are guarded by the outer lock. */
  private final class Sub implements Subscription {
    final Path root;
    final boolean recursive;
    final Predicate<Path> relevant;
    final Sink sink;
    final Set<WatchKey> keys = new LinkedHashSet<>();
    boolean cancelled;

    Sub(Path root, boolean recursive, Predicate<Path> relevant, Sink sink) {
      this.root = root;
      this.recursive = recursive;
      this.relevant = relevant;
      this.sink = sink;
    }

    @Override
    public void cancel() {
      synchronized (JdkFileWatching.this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        for (WatchKey k : keys) {
          List<Sub> subs = watched.get(k);
          if (subs != null) {
            subs.remove(this);
            if (subs.isEmpty()) {
              watched.remove(k);
              k.cancel();
            }
          }
        }
        keys.clear();
      }
    }
  }

  private WatchService service; // guarded by this
  private boolean closed; // guarded by this
  private final Map<WatchKey, List<Sub>> watched = new HashMap<>(); // guarded by this

  @Override
  public Subscription watch(Path dir, boolean recursive, Predicate<Path> relevant, Sink sink) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a directory");
    }
    synchronized (this) {
      Sub sub = new Sub(root, recursive, relevant, sink);
      try {
        if (recursive) {
          registerTree(sub, root, null);
        } else {
          register(sub, root);
        }
      } catch (IOException | RuntimeException e) {
        sub.cancel();
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
      return sub;
    }
  }

  /** Guarded by this. */
  private void register(Sub sub, Path dir) throws IOException {
    if (closed) {
      throw new IOException("file watching has shut down");
    }
    if (service == null) {
      service = FileSystems.getDefault().newWatchService();
      Thread t = new Thread(this::run, "supervisor-watch");
      t.setDaemon(true);
      t.start();
    }
    WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
    List<Sub> subs = watched.computeIfAbsent(key, k -> new ArrayList<>());
    if (!subs.contains(sub)) {
      subs.add(sub);
    }
    sub.keys.add(key);
  }

  /**
   * Registers {@code top} and the directories under it (symlinks not followed); guarded by this.
   * With {@code found}, the entries met on the way are added to it (a directory created after the
   * watch began may already hold files).
   */
  private void registerTree(Sub sub, Path top, List<Path> found) throws IOException {
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        register(sub, d);
        if (found != null && !d.equals(top)) {
          found.add(d);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (found != null) {
          found.add(f);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        return FileVisitResult.CONTINUE; // gone again, or unreadable: nothing to watch there
      }
    });
  }

  private void run() {
    WatchService ws;
    synchronized (this) {
      ws = service;
    }
    while (true) {
      WatchKey key;
      try {
        key = ws.take();
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (InterruptedException e) {
        Thread.interrupted(); // a daemon worker: look again
        continue;
      }
      List<WatchEvent<?>> events = key.pollEvents();
      Map<Sub, List<Path>> changes = new LinkedHashMap<>();
      List<Sub> lost = new ArrayList<>();
      synchronized (this) {
        List<Sub> subs = watched.get(key);
        if (subs != null) {
          Path dir = (Path) key.watchable();
          for (WatchEvent<?> e : events) {
            collect(dir, e, List.copyOf(subs), changes);
          }
          if (!key.reset()) {
            watched.remove(key);
            for (Sub s : subs) {
              s.keys.remove(key);
              if (!s.cancelled && (dir.equals(s.root) || !s.recursive)) {
                lost.add(s);
              }
            }
          }
        } else {
          key.reset();
        }
      }
      changes.forEach((s, paths) -> deliver(() -> s.sink.changed(List.copyOf(paths))));
      for (Sub s : lost) {
        deliver(() -> s.sink.lost(s.root));
      }
    }
  }

  /** Guarded by this: what one event means for each subscription on its directory. */
  private void collect(Path dir, WatchEvent<?> e, List<Sub> subs, Map<Sub, List<Path>> changes) {
    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
      for (Sub s : subs) {
        changes.computeIfAbsent(s, k -> new ArrayList<>()).add(dir);
      }
      return;
    }
    Path entry = dir.resolve((Path) e.context());
    boolean newDir = e.kind() == StandardWatchEventKinds.ENTRY_CREATE
        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
    for (Sub s : subs) {
      if (s.cancelled) {
        continue;
      }
      List<Path> paths = new ArrayList<>();
      paths.add(entry);
      if (newDir && s.recursive) {
        try {
          registerTree(s, entry, paths);
        } catch (IOException ex) {
          LOG.log(System.Logger.Level.WARNING, "cannot watch new directory " + entry + ": " + ex.getMessage());
        }
      }
      for (Path p : paths) {
        if (s.relevant.test(p)) {
          changes.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
        }
      }
    }
  }

  private static void deliver(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "file-change sink failed", e);
    }
  }

  @Override
  public void close() {
    WatchService ws;
    synchronized (this) {
      closed = true;
      ws = service;
      watched.clear();
    }
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the watch service: " + e.getMessage());
      }
    }
  }
}
