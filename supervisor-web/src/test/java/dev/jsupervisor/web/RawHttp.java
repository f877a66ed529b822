package dev.jsupervisor.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A byte-level HTTP client for the tests: writes exactly the given bytes (malformed ones included)
 * over TCP or a unix socket and reads responses one at a time (by Content-Length) or until close.
 */
final class RawHttp implements AutoCloseable {

  private final AutoCloseable socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(AutoCloseable socket, InputStream in, OutputStream out) {
    this.socket = socket;
    this.in = in;
    this.out = out;
  }

  static RawHttp tcp(InetSocketAddress address) throws IOException {
    Socket s = new Socket("127.0.0.1", address.getPort());
    s.setSoTimeout(10_000);
    return new RawHttp(s, s.getInputStream(), s.getOutputStream());
  }

  static RawHttp unix(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    return new RawHttp(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
  }

  RawHttp send(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /** Reads one response with a Content-Length body (or none); returns head + body. */
  String response() throws IOException {
    String head = readHead();
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Reads the status line and headers, up to and including the blank line. */
  String readHead() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + buf);
      }
      buf.write(b);
      String s = buf.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith("\r\n\r\n")) {
        return s;
      }
    }
  }

  /** Reads whatever arrives until the server closes the connection. */
  String untilClosed() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Reads up to {@code n} bytes as they come (at least one unless closed). */
  String some(int n) throws IOException {
    byte[] b = new byte[n];
    int r = in.read(b);
    return r < 0 ? "" : new String(b, 0, r, StandardCharsets.UTF_8);
  }

  /** Reads until {@code text} has been seen; returns everything read. */
  String until(String text) throws IOException {
    StringBuilder seen = new StringBuilder();
    while (seen.indexOf(text) < 0) {
      String chunk = some(4096);
      if (chunk.isEmpty()) {
        throw new IOException("closed before '" + text + "' in: " + seen);
      }
      seen.append(chunk);
    }
    return seen.toString();
  }

  static String post(String path, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  @Override
  public void close() throws Exception {
    socket.close();
  }
}
