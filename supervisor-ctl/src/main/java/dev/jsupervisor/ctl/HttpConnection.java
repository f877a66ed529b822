package dev.jsupervisor.ctl;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection to supervisord over TCP or a unix-domain socket. Not thread-safe: one
 * thread sends a request and reads its response; {@link #close()} may be called from another thread
 * to abort a blocked read (that is how Ctrl-C stops {@code tail -f}).
 */
final class HttpConnection implements Closeable {
  private final Closeable socket;
  private final InputStream in;
  private final OutputStream out;
  private boolean reusable = true;

  private HttpConnection(Closeable socket, InputStream in, OutputStream out) {
    this.socket = socket;
    this.in = new BufferedInputStream(in, 16384);
    this.out = new BufferedOutputStream(out, 8192);
  }

  /**
   * Connects to the server.
   *
   * @throws ServerException REFUSED, NO_FILE or OTHER with a readable message
   */
  static HttpConnection connect(ServerUrl url) throws ServerException {
    try {
      if (url.isUnix()) {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          ch.connect(UnixDomainSocketAddress.of(url.unixPath()));
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
        return new HttpConnection(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
      }
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(url.host(), url.port()));
      } catch (IOException e) {
        s.close();
        throw e;
      }
      return new HttpConnection(s, s.getInputStream(), s.getOutputStream());
    } catch (ConnectException e) {
      throw new ServerException(ServerException.Kind.REFUSED, url.text() + " refused connection", e);
    } catch (UnknownHostException e) {
      throw new ServerException(
          ServerException.Kind.OTHER, url.text() + ": unknown host " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("No such file")) {
        throw new ServerException(ServerException.Kind.NO_FILE, url.text() + " no such file", e);
      }
      if (msg.contains("refused")) {
        throw new ServerException(ServerException.Kind.REFUSED, url.text() + " refused connection", e);
      }
      throw new ServerException(ServerException.Kind.OTHER, url.text() + ": " + msg, e);
    }
  }

  /** Whether the server allows another request on this connection. */
  boolean isReusable() {
    return reusable;
  }

  /** Writes a complete request (head and body) and flushes it. */
  void send(String head, byte[] body) throws IOException {
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  /** Reads a response head; the body is then read by {@link #readBody} or {@link #stream}. */
  Head readHead() throws IOException {
    String status = readLine();
    while (status.isEmpty()) {
      status = readLine();
    }
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("bad HTTP status line: " + status);
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status line: " + status, e);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = parts[0].equals("HTTP/1.0");
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    if (close || (length < 0 && !chunked)) {
      reusable = false;
    }
    return new Head(code, parts.length > 2 ? parts[2] : "", length, chunked);
  }

  /** Reads the whole body of a response whose head was just read. */
  byte[] readBody(Head head) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(head.length > 0 ? (int) head.length : 512);
    stream(head, buf);
    return buf.toByteArray();
  }

  /**
   * Copies the body to {@code sink} as it arrives (flushing after every read), until the body ends
   * or the connection is closed.
   */
  void stream(Head head, OutputStream sink) throws IOException {
    byte[] buf = new byte[8192];
    if (head.chunked) {
      while (true) {
        String sizeLine = readLine();
        int semi = sizeLine.indexOf(';');
        long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          for (String t = readLine(); !t.isEmpty(); t = readLine()) {
            // trailers are ignored
          }
          return;
        }
        copy(size, sink, buf);
        readLine();
      }
    } else if (head.length >= 0) {
      copy(head.length, sink, buf);
    } else {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        sink.write(buf, 0, n);
        sink.flush();
      }
    }
  }

  private void copy(long size, OutputStream sink, byte[] buf) throws IOException {
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a response");
      }
      sink.write(buf, 0, n);
      left -= n;
      if (in.available() == 0) {
        sink.flush();
      }
    }
    sink.flush();
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (sb.length() == 0) {
          throw new EOFException("connection closed by server");
        }
        return sb.toString();
      }
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
  }

  /** Closes the socket; safe to call from any thread and more than once. */
  @Override
  public void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException | RuntimeException e) {
      // closing is best effort; there is nothing left to release
    }
  }

  /** A response status line and the framing headers. */
  record Head(int status, String reason, long length, boolean chunked) {}

  static boolean isClosedSocket(IOException e) {
    return e instanceof SocketException || e instanceof EOFException;
  }
}
