package dev.jsupervisor.web;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.xnio.StreamConnection;

/**
 * One accepted connection (inet or unix) as an XNIO {@link StreamConnection}, which Undertow's
 * {@code HttpOpenListener} takes as it takes XNIO's own. Its source and sink are one {@link
 * SocketConduit} on the JDK channel; its I/O thread is the {@link WebIoThread}. Closing it
 * (Undertow, the client going away, or {@link SocketServer#close()}) cancels the selector
 * registration, closes the channel and tells the server, which then forgets it.
 */
final class SocketStreamConnection extends StreamConnection {

  private final SocketChannel channel;
  private final SocketConduit conduit;
  private final Consumer<SocketStreamConnection> onClosed;

  /**
   * Called on the I/O thread with the channel's (not yet armed) key; {@code onClosed} runs once, on
   * the thread that closes the connection.
   */
  SocketStreamConnection(
      WebIoThread io, SocketChannel channel, SelectionKey key, Consumer<SocketStreamConnection> onClosed) {
    super(io);
    this.channel = channel;
    this.onClosed = onClosed;
    this.conduit = new SocketConduit(this, channel, key, io);
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
