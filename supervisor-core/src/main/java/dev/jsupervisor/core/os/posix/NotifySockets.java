package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.NotifySocket;
import dev.jsupervisor.core.spi.ProcessLauncher;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The sd_notify sockets of {@code readiness_probe = notify} children: one unix datagram socket per
 * spawn, so a datagram's socket says whose it is (no sender pid to match, which a short-lived
 * {@code systemd-notify} has often lost by the time it is read, and an old spawn's leftovers reach
 * nothing: its socket is gone). They live in a directory made on first use under
 * {@code java.io.tmpdir} (mode 0711: a name must be known, it cannot be listed) and removed by
 * {@link #close}; each socket file is mode 0600 and, when the daemon runs as root, owned by the
 * child's {@code user=}, so only that user and root can send to it. Datagrams are read on the
 * launcher's I/O thread, at most {@link #PER_WAKEUP} per wakeup so that a flooding child cannot
 * starve the others. Any thread.
 */
final class NotifySockets implements Closeable {
  static final int PER_WAKEUP = 64;

  private final IoLoop io;
  private final Path parent;
  private final AtomicLong serial = new AtomicLong();
  private final SplittableRandom random = new SplittableRandom();
  private Path directory;
  private boolean closed;

  NotifySockets(IoLoop io, Path parent) {
    this.io = io;
    this.parent = parent;
  }

  /**
   * Binds a new socket for {@code label}'s child and watches it on the I/O thread.
   *
   * @throws LaunchException when the directory or the socket cannot be made, or the user is unknown
   */
  NotifySocket open(String label, Optional<String> user, Consumer<byte[]> onDatagram) throws LaunchException {
    Path path;
    synchronized (this) {
      path = directory().resolve(serial.incrementAndGet() + "-" + Integer.toHexString(random.nextInt()) + ".sock");
    }
    UnixDatagramSocket socket;
    try {
      socket = UnixDatagramSocket.bind(path);
    } catch (IOException e) {
      throw new LaunchException("couldn't create the sd_notify socket for '" + label + "': " + e.getMessage(), e);
    }
    Open open = new Open(path, socket);
    try {
      restrict(path, user);
    } catch (LaunchException e) {
      open.close();
      throw e;
    }
    byte[] buf = new byte[ProcessLauncher.NOTIFY_DATAGRAM_MAX];
    open.token = io.watchReadable(socket.fd(), () -> {
      for (int i = 0; i < PER_WAKEUP; i++) {
        int n;
        try {
          n = socket.receive(buf);
        } catch (IOException e) {
          return; // level-triggered: tried again at the next wakeup
        }
        if (n < 0) {
          return;
        }
        onDatagram.accept(Arrays.copyOf(buf, n));
      }
    });
    if (open.token == 0) {
      open.close();
      throw new LaunchException("couldn't watch the sd_notify socket for '" + label + "' (epoll_ctl: "
          + Native.errnoName(Native.errno()) + ")");
    }
    return open;
  }

  private static void restrict(Path path, Optional<String> user) throws LaunchException {
    try (NativeArena arena = new NativeArena()) {
      long cpath = arena.cString(path.toString());
      check(Native.LIBC.chmod(cpath, 0600), "chmod", path);
      if (user.isPresent() && Native.LIBC.getuid() == 0) {
        long[] ids = UserSwitch.credentials(user.get());
        check(Native.LIBC.chown(cpath, (int) ids[0], (int) ids[1]), "chown", path);
      }
    }
  }

  private static void check(int rc, String call, Path path) throws LaunchException {
    if (rc != 0) {
      throw new LaunchException(call + "(" + path + ") failed: " + Native.describe(Native.errno()));
    }
  }

  private Path directory() throws LaunchException {
    if (closed) {
      throw new LaunchException("the launcher is closed");
    }
    if (directory == null) {
      try {
        Path d = Files.createTempDirectory(parent, "jsupervisor-notify-");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x--x"));
        directory = d;
      } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
        throw new LaunchException("couldn't create a directory for sd_notify sockets in " + parent + ": " + e, e);
      }
    }
    return directory;
  }

  /** The directory, once one socket was opened; for tests. */
  synchronized Optional<Path> directoryIfMade() {
    return Optional.ofNullable(directory);
  }

  /** Removes the directory and any socket files left in it (their watches end with the I/O loop). */
  @Override
  public synchronized void close() {
    closed = true;
    if (directory == null) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // left behind in the temporary directory; nothing else depends on it
    }
  }

  /** One bound socket. */
  private final class Open implements NotifySocket {
    final Path path;
    final UnixDatagramSocket socket;
    final AtomicBoolean closed = new AtomicBoolean();
    volatile long token;

    Open(Path path, UnixDatagramSocket socket) {
      this.path = path;
      this.socket = socket;
    }

    @Override
    public String address() {
      return path.toString();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      if (token == 0) {
        socket.close(); // never watched
      } else if (io.unwatch(token, socket.fd())) {
        io.execute(socket::close); // never under a read of the I/O thread
      }
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // the directory goes at close
      }
    }
  }
}
