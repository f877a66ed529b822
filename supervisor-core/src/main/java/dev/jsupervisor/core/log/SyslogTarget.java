package dev.jsupervisor.core.log;

import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.os.posix.UnixDatagramSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends each output line to syslog as an RFC 3164 message {@code <14>Mmm dd hh:mm:ss [host ]
 * supervisord: <processname> <line>} (facility user, severity info, as supervisord's
 * {@code *_syslog}; the hostname only for remote servers, like glibc's syslog()). Local: a unix
 * datagram to {@code /dev/log}; remote: UDP (default port 514) or TCP (6514, newline framing,
 * RFC 6587). Never blocks the I/O thread: a full or absent receiver loses lines (reported as a
 * write error) rather than stalling every child. A partial line waits for its newline (up to 8 KiB).
 */
final class SyslogTarget implements Target {
  private static final int MAX_LINE = 8192;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

  private final LogTarget.Syslog where;
  private final String procname;
  private final Clock clock;
  private final Sender sender;
  private final String host;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  private interface Sender {
    void send(byte[] message) throws IOException;

    void close();
  }

  SyslogTarget(LogTarget.Syslog where, String procname, Clock clock) throws IOException {
    this.where = where;
    this.procname = procname;
    this.clock = clock;
    this.sender = switch (where.protocol()) {
      case "unix" -> local(Path.of(where.host()));
      case "udp" -> udp(new InetSocketAddress(where.host(), where.port() > 0 ? where.port() : 514));
      case "tcp" -> new TcpSender(new InetSocketAddress(where.host(), where.port() > 0 ? where.port() : 6514));
      default -> throw new IOException("syslog protocol must be udp or tcp but was " + where.protocol());
    };
    this.host = where.isLocal() ? null : hostname();
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    IOException failure = null;
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (buf[i] == '\n' || partial.size() + (i - start) >= MAX_LINE) {
        partial.write(buf, start, i - start);
        start = buf[i] == '\n' ? i + 1 : i;
        failure = sendLine(failure);
      }
    }
    partial.write(buf, start, off + len - start);
    if (failure != null) {
      throw failure;
    }
  }

  // Keeps sending the remaining lines after a failure; reports the first failure.
  private IOException sendLine(IOException failure) {
    byte[] line = partial.toByteArray();
    partial.reset();
    try {
      sender.send(format(line));
      return failure;
    } catch (IOException e) {
      return failure == null ? e : failure;
    }
  }

  byte[] format(byte[] line) {
    StringBuilder sb = new StringBuilder(64 + line.length);
    sb.append("<14>").append(STAMP.format(ZonedDateTime.now(clock))).append(' ');
    if (host != null) {
      sb.append(host).append(' ');
    }
    sb.append("supervisord: ").append(procname).append(' ');
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] msg = new byte[head.length + line.length];
    System.arraycopy(head, 0, msg, 0, head.length);
    System.arraycopy(line, 0, msg, head.length, line.length);
    return msg;
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "localhost"; // InetAddress.getLocalHost() could block on DNS
    }
  }

  private static Sender local(Path socket) throws IOException {
    UnixDatagramSocket s = UnixDatagramSocket.open();
    return new Sender() {
      @Override
      public void send(byte[] message) throws IOException {
        s.send(socket, message, 0, message.length);
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  private static Sender udp(InetSocketAddress to) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    ch.configureBlocking(false);
    return new Sender() {
      @Override
      public void send(byte[] message) throws IOException {
        if (to.isUnresolved()) {
          throw new IOException("cannot resolve syslog host " + to.getHostString());
        }
        ch.send(ByteBuffer.wrap(message), to);
      }

      @Override
      public void close() {
        try {
          ch.close();
        } catch (IOException e) {
          // nothing to flush
        }
      }
    };
  }

  /** Non-blocking TCP with a bounded backlog; reconnects on the next line after a failure. */
  private static final class TcpSender implements Sender {
    private static final int BACKLOG = 1 << 20;
    private final InetSocketAddress to;
    private final ByteBuffer pending = ByteBuffer.allocate(BACKLOG);
    private SocketChannel ch;

    TcpSender(InetSocketAddress to) {
      this.to = to;
    }

    @Override
    public void send(byte[] message) throws IOException {
      if (pending.remaining() < message.length + 1) {
        flush();
        if (pending.remaining() < message.length + 1) {
          throw new IOException("syslog server " + to + " is not keeping up: line dropped");
        }
      }
      pending.put(message).put((byte) '\n');
      flush();
    }

    private void flush() throws IOException {
      try {
        if (ch == null) {
          if (to.isUnresolved()) {
            throw new IOException("cannot resolve syslog host " + to.getHostString());
          }
          ch = SocketChannel.open();
          ch.configureBlocking(false);
          ch.connect(to);
        }
        if (ch.isConnectionPending() && !ch.finishConnect()) {
          return;
        }
        pending.flip();
        try {
          ch.write(pending);
        } finally {
          pending.compact();
        }
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    @Override
    public void close() {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException e) {
          // the backlog stays for the next connection
        }
        ch = null;
      }
    }
  }

  @Override
  public void reopen() {}

  @Override
  public void clear() {}

  @Override
  public void close() {
    sender.close();
  }

  @Override
  public Optional<Path> file() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return where.isLocal() ? "syslog" : "syslog @" + where.protocol() + ":" + where.host() + ":" + where.port();
  }
}
