package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.SharedSocketSpec;
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
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

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
    int family = spec.isUnix() ? AF_UNIX : AF_INET;
    Pointer addr = spec.isUnix() ? unixAddress(spec.path()) : inetAddress(spec.url());
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
        Pointer one = Memory.allocateDirect(Native.RUNTIME, 4);
        one.putInt(0, 1);
        check(Native.LIBC.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, 4));
      }
      check(Native.LIBC.bind(fd, addr, (int) addr.size()));
      if (spec.isUnix()) {
        ownAndMode(spec);
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

  private static void ownAndMode(SharedSocketSpec spec) throws LaunchException {
    Pointer path = Native.cString(spec.path());
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

  private static Pointer unixAddress(String path) throws LaunchException {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    if (p.length > SUN_PATH_MAX) {
      throw new LaunchException("AF_UNIX path too long");
    }
    Pointer addr = Memory.allocateDirect(Native.RUNTIME, 2 + p.length + 1);
    addr.putShort(0, (short) AF_UNIX);
    addr.put(2, p, 0, p.length);
    addr.putByte(2 + p.length, (byte) 0);
    return addr;
  }

  /** {@code tcp://host:port} as a sockaddr_in; an empty host is INADDR_ANY, as Python's bind. */
  private static Pointer inetAddress(String url) throws LaunchException {
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
    Pointer addr = Memory.allocateDirect(Native.RUNTIME, 16);
    addr.setMemory(0, 16, (byte) 0);
    addr.putShort(0, (short) AF_INET);
    addr.putByte(2, (byte) (port >> 8));
    addr.putByte(3, (byte) port);
    addr.put(4, ip, 0, 4);
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
