package dev.jsupervisor.web;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

/**
 * One accepted unix-socket connection as an XNIO {@link StreamConnection}, which Undertow's {@code
 * HttpOpenListener} takes like any TCP connection. Its source and sink are one {@link UnixConduit}
 * on the JDK channel; its I/O thread is the XNIO worker's. Closing it (Undertow, the client going
 * away, or {@link UnixSocketServer#close()}) cancels the selector registration, closes the channel
 * and tells the server, which then forgets it.
 */
final class UnixStreamConnection extends StreamConnection {

  private final SocketChannel channel;
  private final UnixConduit conduit;
  private final Consumer<UnixStreamConnection> onClosed;

  /**
   * Called on the selector thread with the channel's (not yet armed) key; {@code onClosed} runs
   * once, on the thread that closes the connection.
   */
  UnixStreamConnection(
      XnioIoThread io,
      SocketChannel channel,
      SelectionKey key,
      Thread selectorThread,
      Consumer<UnixStreamConnection> onClosed) {
    super(io);
    this.channel = channel;
    this.onClosed = onClosed;
    this.conduit = new UnixConduit(this, channel, key, selectorThread);
    key.attach(conduit);
    setSourceConduit(conduit);
    setSinkConduit(conduit);
  }

  /** Whether an answer is still waiting for the client to read it. Any thread. */
  boolean writing() {
    return conduit.writing();
  }

  /** {@link #readClosed()} for the conduit: true if this call closed the read side. */
  boolean markReadClosed() {
    return readClosed();
  }

  /** {@link #writeClosed()} for the conduit: true if this call closed the write side. */
  boolean markWriteClosed() {
    return writeClosed();
  }

  @Override
  public SocketAddress getPeerAddress() {
    try {
      return channel.getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public SocketAddress getLocalAddress() {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  protected void closeAction() throws IOException {
    try {
      conduit.cancel();
      channel.close();
    } finally {
      onClosed.accept(this);
    }
  }

  @Override
  protected void notifyWriteClosed() {
    conduit.writeTerminated();
    super.notifyWriteClosed();
  }

  @Override
  protected void notifyReadClosed() {
    conduit.readTerminated();
    super.notifyReadClosed();
  }
}
