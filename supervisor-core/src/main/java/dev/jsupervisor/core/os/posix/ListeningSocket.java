package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.SharedSocketSpec;
import dev.jsupervisor.core.os.posix.libc.NativeArena;
import dev.jsupervisor.core.spi.LaunchException;
import dev.jsupervisor.core.spi.SharedSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A listening stream socket (AF_INET or AF_UNIX, O_CLOEXEC) whose raw descriptor a spawn dup2s to
 * the child's fd 0: an fcgi-program's socket, made as supervisord's {@code SocketConfig}s make it
 * (TCP with SO_REUSEADDR; a unix socket's stale file unlinked first, then chown and chmod as
 * configured). Any thread; {@link #close} is idempotent.
 */
final class ListeningSocket implements SharedSocket {
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int SOCK_STREAM = 1;
  private static final int SOL_SOCKET = 1;
  private static final int SO_REUSEADDR = 2;
  private static final int SOMAXCONN = 4096;
  private static final int SUN_PATH_MAX = 107;
  private final String url;
  private final int fd;
  private boolean closed;

  private ListeningSocket(String url, int fd) {
    this.url = url;
    this.fd = fd;
  }

  /**
   * Creates, binds and listens.
   *
   * @throws LaunchException with Python's {@code [Errno 98] Address already in use} style text
   */
  static ListeningSocket open(SharedSocketSpec spec) throws LaunchException {
    try (NativeArena arena = new NativeArena()) {
      return open(spec, arena);
    }
  }

  private static ListeningSocket open(SharedSocketSpec spec, NativeArena arena) throws LaunchException {
    int family = spec.isUnix() ? AF_UNIX : AF_INET;
    byte[] addr = spec.isUnix() ? unixAddress(spec.path()) : inetAddress(spec.url());
    if (spec.isUnix()) {
      try {
        Files.deleteIfExists(Path.of(spec.path()));
      } catch (IOException e) {
        throw new LaunchException("cannot remove stale socket file " + spec.path() + ": " + e.getMessage());
      }
    }
    int fd = Native.LIBC.socket(family, SOCK_STREAM | Native.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new LaunchException(errno(Native.errno()));
    }
    try {
      if (!spec.isUnix()) {
        long one = arena.allocate(Integer.BYTES, false);
        NativeArena.MEMORY.putInt(one, 1);
        check(Native.LIBC.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, Integer.BYTES));
      }
      check(Native.LIBC.bind(fd, arena.copy(addr, 0, addr.length), addr.length));
      if (spec.isUnix()) {
        ownAndMode(spec, arena);
      }
      check(Native.LIBC.listen(fd, spec.backlog().orElse(SOMAXCONN)));
      return new ListeningSocket(spec.url(), fd);
    } catch (LaunchException e) {
      Native.closeQuietly(fd);
      if (spec.isUnix()) {
        try {
          Files.deleteIfExists(Path.of(spec.path()));
        } catch (IOException ignored) {
          // the bind's failure is the error to report
        }
      }
      throw e;
    }
  }

  private static void ownAndMode(SharedSocketSpec spec, NativeArena arena) throws LaunchException {
    long path = arena.cString(spec.path());
    if (spec.ownerUid().isPresent() || spec.ownerGid().isPresent()) {
      if (Native.LIBC.chown(path, spec.ownerUid().orElse(-1), spec.ownerGid().orElse(-1)) != 0) {
        throw new LaunchException("Could not change ownership of socket file: " + errno(Native.errno()));
      }
    }
    if (spec.mode().isPresent() && Native.LIBC.chmod(path, spec.mode().getAsInt()) != 0) {
      throw new LaunchException("Could not change permissions of socket file: " + errno(Native.errno()));
    }
  }

  private static void check(int rc) throws LaunchException {
    if (rc != 0) {
      throw new LaunchException(errno(Native.errno()));
    }
  }

  /** As Python prints an OSError. */
  private static String errno(int errno) {
    jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
    return "[Errno " + errno + "] " + (e == jnr.constants.platform.Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno
        : e.description());
  }

  /** A sockaddr_un (sa_family in the machine's byte order: little-endian on the supported ABIs). */
  private static byte[] unixAddress(String path) throws LaunchException {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    if (p.length > SUN_PATH_MAX) {
      throw new LaunchException("AF_UNIX path too long");
    }
    byte[] addr = new byte[2 + p.length + 1]; // ends with the NUL
    addr[0] = (byte) AF_UNIX;
    System.arraycopy(p, 0, addr, 2, p.length);
    return addr;
  }

  /** {@code tcp://host:port} as a sockaddr_in; an empty host is INADDR_ANY, as Python's bind. */
  private static byte[] inetAddress(String url) throws LaunchException {
    String hostPort = url.substring("tcp://".length());
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    byte[] ip = new byte[4];
    if (!host.isEmpty()) {
      try {
        ip = Arrays.stream(InetAddress.getAllByName(host)).filter(a -> a instanceof Inet4Address).findFirst()
            .orElseThrow(() -> new UnknownHostException(host)).getAddress();
      } catch (UnknownHostException e) {
        throw new LaunchException("[Errno -2] Name or service not known");
      }
    }
    byte[] addr = new byte[16]; // sockaddr_in: family (host order), port (network order), address, zeros
    addr[0] = (byte) AF_INET;
    addr[2] = (byte) (port >> 8);
    addr[3] = (byte) port;
    System.arraycopy(ip, 0, addr, 4, 4);
    return addr;
  }

  int fd() {
    return fd;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Native.LIBC.close(fd);
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }
}
