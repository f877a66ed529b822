package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.os.posix.libc.NativeArena;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A unix-domain datagram socket, which JDK 17 lacks ({@code UnixDomainSocketAddress} works only
 * with stream channels) and local syslog ({@code /dev/log}) needs. Non-blocking: a full receiver
 * drops the datagram (an IOException) instead of stalling the caller. Thread-safe for sends; one
 * receiver thread at a time.
 */
public final class UnixDatagramSocket implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int SUN_PATH_MAX = 107;
  private final int fd;
  private volatile boolean closed;

  private UnixDatagramSocket(int fd) {
    this.fd = fd;
  }

  /**
   * An unbound socket for {@link #send}.
   *
   * @throws IOException when the socket cannot be created (EMFILE...)
   */
  public static UnixDatagramSocket open() throws IOException {
    int fd = Native.LIBC.socket(AF_UNIX, SOCK_DGRAM | Native.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: " + Native.describe(Native.errno()));
    }
    return new UnixDatagramSocket(fd);
  }

  /**
   * A socket bound to {@code path} (which must not exist), for receiving: a local syslog sink. A
   * path starting with {@code @} names a socket in Linux's abstract namespace (systemd's notation).
   *
   * @throws IOException when the path is taken or too long
   */
  public static UnixDatagramSocket bind(Path path) throws IOException {
    byte[] addr = address(path);
    UnixDatagramSocket s = open();
    int rc;
    try (NativeArena arena = new NativeArena()) {
      rc = Native.LIBC.bind(s.fd, arena.copy(addr, 0, addr.length), addr.length);
    }
    if (rc != 0) {
      int errno = Native.errno();
      s.close();
      throw new IOException("bind(" + path + ") failed: " + Native.describe(errno));
    }
    return s;
  }

  /**
   * Sends one datagram to the socket at {@code path} without blocking ({@code @name}: the abstract
   * namespace).
   *
   * @throws IOException with the errno text: no receiver (ENOENT, ECONNREFUSED), receiver full
   *     (EAGAIN), or a stream socket at that path (EPROTOTYPE)
   */
  public void send(Path path, byte[] data, int off, int len) throws IOException {
    byte[] addr = address(path);
    long n;
    try (NativeArena arena = new NativeArena()) {
      n = Native.LIBC.sendto(fd, arena.copy(data, off, len), len, MSG_DONTWAIT | MSG_NOSIGNAL,
          arena.copy(addr, 0, addr.length), addr.length);
    }
    if (n < 0) {
      throw new IOException("sendto(" + path + ") failed: " + Native.describe(Native.errno()));
    }
  }

  /**
   * Receives one datagram without blocking.
   *
   * @return its length (truncated to {@code buf.length}), or -1 when none is waiting
   * @throws IOException on other errors
   */
  public int receive(byte[] buf) throws IOException {
    try (NativeArena arena = new NativeArena()) {
      long mem = arena.allocate(buf.length, false);
      long n = Native.LIBC.recv(fd, mem, buf.length, MSG_DONTWAIT);
      if (n < 0) {
        int errno = Native.errno();
        if (errno == Native.EAGAIN) {
          return -1;
        }
        throw new IOException("recv failed: " + Native.describe(errno));
      }
      NativeArena.MEMORY.getByteArray(mem, buf, 0, (int) n);
      return (int) n;
    }
  }

  /** A sockaddr_un (sa_family in host order: little-endian on the supported ABIs). */
  private static byte[] address(Path path) throws IOException {
    String name = path.toString();
    byte[] p = name.getBytes(StandardCharsets.UTF_8);
    if (p.length > SUN_PATH_MAX) {
      throw new IOException("unix socket path is too long (" + p.length + " > " + SUN_PATH_MAX + " bytes): " + path);
    }
    if (name.startsWith("@")) { // the abstract namespace, as systemd writes it: a leading NUL, no terminator
      byte[] addr = new byte[2 + p.length];
      addr[0] = (byte) AF_UNIX;
      System.arraycopy(p, 1, addr, 3, p.length - 1); // the '@' becomes the NUL at addr[2]
      return addr;
    }
    byte[] addr = new byte[2 + p.length + 1]; // ends with the NUL
    addr[0] = (byte) AF_UNIX;
    System.arraycopy(p, 0, addr, 2, p.length);
    return addr;
  }

  /** The descriptor, for an epoll watch. */
  int fd() {
    return fd;
  }

  /** Closes the socket; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Native.LIBC.close(fd);
    }
  }
}
