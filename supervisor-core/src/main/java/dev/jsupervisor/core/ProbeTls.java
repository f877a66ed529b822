package dev.jsupervisor.core;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS client side of one {@code https://} probe attempt over a non-blocking channel: an
 * {@link SSLEngine} with its network buffers. {@link #pump} does as much of the handshake, the
 * request and the reply as the channel allows without blocking and says what to wait for; the
 * engine's delegated tasks (certificate checks) run inline. Probe thread only.
 */
final class ProbeTls {
  /** {@link #pump}'s answer when the reply is complete: the peer closed, or the reply buffer is full. */
  static final int ENDED = -1;
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
  private static volatile SSLContext trustAll;

  private final SSLEngine engine;
  private ByteBuffer netOut;
  private ByteBuffer netIn;
  private boolean closed;

  /**
   * An engine for {@code host:port}: with {@link ProbeSpec.Tls#VERIFY} the JVM's default trust and
   * the host name checked against the certificate; with {@code NO_VERIFY} no check at all.
   *
   * @throws SSLException when the JVM has no usable TLS context
   */
  ProbeTls(String host, int port, ProbeSpec.Tls tls) throws SSLException {
    try {
      engine = (tls == ProbeSpec.Tls.VERIFY ? SSLContext.getDefault() : trustAll()).createSSLEngine(host, port);
    } catch (GeneralSecurityException e) {
      throw new SSLException("no TLS context: " + e.getMessage(), e);
    }
    engine.setUseClientMode(true);
    if (tls == ProbeSpec.Tls.VERIFY) {
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(p);
    }
    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
  }

  /** Plaintext bytes a single record may carry: the reply buffer keeps this much room beyond its limit. */
  int recordSize() {
    return engine.getSession().getApplicationBufferSize();
  }

  /**
   * Handshakes, sends what is left of {@code request} and reads plaintext into {@code reply}, until
   * the channel would block.
   *
   * @return {@link SelectionKey#OP_READ} or {@code OP_WRITE} to wait for, or {@link #ENDED}
   * @throws IOException a TLS failure (untrusted certificate, wrong host, protocol error) or I/O error
   */
  int pump(SocketChannel channel, ByteBuffer request, ByteBuffer reply) throws IOException {
    while (true) {
      if (netOut.position() > 0) {
        netOut.flip();
        channel.write(netOut);
        netOut.compact();
        if (netOut.position() > 0) {
          return SelectionKey.OP_WRITE;
        }
      }
      if (closed) {
        return ENDED;
      }
      SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
          task.run();
        }
        continue;
      }
      boolean handshaking = hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
          && hs != SSLEngineResult.HandshakeStatus.FINISHED;
      if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP || (!handshaking && request.hasRemaining())) {
        SSLEngineResult r = engine.wrap(handshaking ? NOTHING : request, netOut);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
          netOut = grown(netOut, engine.getSession().getPacketBufferSize());
        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          closed = true;
        }
        continue;
      }
      netIn.flip();
      SSLEngineResult r = engine.unwrap(netIn, reply);
      netIn.compact();
      switch (r.getStatus()) {
        case OK -> { }
        case CLOSED -> closed = true; // the server's close_notify: the reply is complete
        case BUFFER_OVERFLOW -> {
          return ENDED; // the reply buffer is full: enough read
        }
        case BUFFER_UNDERFLOW -> {
          if (!netIn.hasRemaining()) {
            netIn = grown(netIn, engine.getSession().getPacketBufferSize());
          }
          int n = channel.read(netIn);
          if (n < 0) {
            return ENDED; // closed without close_notify, as many HTTP/1.0 servers do
          }
          if (n == 0) {
            return SelectionKey.OP_READ;
          }
        }
      }
    }
  }

  private static ByteBuffer grown(ByteBuffer b, int atLeast) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
    b.flip();
    return bigger.put(b);
  }

  /** A context that accepts every certificate, for {@link ProbeSpec.Tls#NO_VERIFY}; made once. */
  private static SSLContext trustAll() throws GeneralSecurityException {
    SSLContext c = trustAll;
    if (c == null) {
      c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new AnyCertificate()}, null);
      trustAll = c;
    }
    return c;
  }

  /** Trusts every server; never used for clients. */
  private static final class AnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) { }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) { }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
