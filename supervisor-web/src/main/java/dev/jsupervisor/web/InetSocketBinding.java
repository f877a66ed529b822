package dev.jsupervisor.web;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.xnio.IoUtils;

/**
 * An {@code [inet_http_server]}'s listening TCP socket ({@code SO_REUSEADDR}, backlog 1024, as
 * XNIO opened it before); a port a live server owns gets supervisord's "Another program is already
 * listening" text. Called by the thread that starts the web server.
 */
final class InetSocketBinding implements SocketServer.Binding {

  private final InetListener listener;

  InetSocketBinding(InetListener listener) {
    this.listener = listener;
  }

  @Override
  public ServerSocketChannel open() throws ListenerBindException {
    InetSocketAddress address =
        listener.wildcard()
            ? new InetSocketAddress(listener.port())
            : new InetSocketAddress(listener.host(), listener.port());
    if (address.isUnresolved()) {
      throw new ListenerBindException(
          listener.describe(), "Cannot open an HTTP server: unknown host " + listener.host(), null);
    }
    ServerSocketChannel server = null;
    try {
      server = ServerSocketChannel.open();
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, 1024);
      return server;
    } catch (BindException e) {
      IoUtils.safeClose(server);
      String text =
          String.valueOf(e.getMessage()).contains("in use")
              ? ListenerBindException.ALREADY_LISTENING
              : "Cannot open an HTTP server: " + e.getMessage();
      throw new ListenerBindException(listener.describe(), text, e);
    } catch (IOException | RuntimeException e) {
      IoUtils.safeClose(server);
      throw new ListenerBindException(
          listener.describe(), "Cannot open an HTTP server: " + SocketServer.describe(e), e);
    }
  }

  @Override
  public void accepted(SocketChannel client) throws IOException {
    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
  }

  @Override
  public void remove() {
    // nothing outlives a TCP socket
  }

  @Override
  public String toString() {
    return listener.describe();
  }
}
