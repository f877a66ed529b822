package dev.jsupervisor.ctl;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A typed client for supervisord's XML-RPC API ({@code POST /RPC2}) and its log-tail streams
 * ({@code GET /logtail/...}). One instance keeps one keep-alive connection; it is used by one
 * thread at a time, except that {@link #close()} may be called from any thread to abort a call.
 *
 * <p>Failures: a server fault is an {@link RpcFault}; an unreachable server, a refused password or
 * an unreadable reply is a {@link ServerException} whose message is one readable line.
 */
final class SupervisorClient implements Closeable {
  private final ServerUrl url;
  private final String authorization;
  private HttpConnection connection;

  SupervisorClient(ServerUrl url, String username, String password) {
    this.url = url;
    this.authorization =
        username != null && password != null
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
            : null;
  }

  ServerUrl url() {
    return url;
  }

  /** Calls {@code method} and returns the decoded result. */
  Object call(String method, Object... params) throws RpcFault, ServerException {
    byte[] body = XmlRpcCodec.encodeCall(method, params);
    StringBuilder head = new StringBuilder(256);
    head.append("POST /RPC2 HTTP/1.1\r\nHost: ")
        .append(url.isUnix() ? "localhost" : url.netloc())
        .append("\r\nAccept-Encoding: identity\r\nUser-Agent: jsupervisor-ctl\r\n")
        .append("Content-Type: text/xml\r\nAccept: text/xml\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    try {
      return exchange(head.toString(), body);
    } catch (UncheckedIOException e) {
      throw new ServerException(ServerException.Kind.OTHER, e.getCause().getMessage(), e);
    }
  }

  private Object exchange(String head, byte[] body) throws RpcFault, ServerException {
    boolean reused = connection != null;
    if (connection == null) {
      connection = HttpConnection.connect(url);
    }
    try {
      HttpConnection c = connection;
      c.send(head, body);
      HttpConnection.Head h = c.readHead();
      byte[] reply = c.readBody(h);
      if (!c.isReusable()) {
        close();
      }
      if (h.status() == 401) {
        throw new ServerException(
            ServerException.Kind.UNAUTHORIZED, "Server requires authentication", null);
      }
      if (h.status() != 200) {
        throw new ServerException(
            ServerException.Kind.OTHER,
            url.text() + "/RPC2: HTTP " + h.status() + " " + h.reason(),
            null);
      }
      return XmlRpcCodec.decodeResponse(reply);
    } catch (ServerException e) {
      throw e;
    } catch (IOException e) {
      close();
      if (reused && HttpConnection.isClosedSocket(e)) {
        // the server may drop an idle keep-alive connection; retry once on a fresh one, as
        // Python's xmlrpc transport does
        return exchange(head, body);
      }
      throw new ServerException(ServerException.Kind.OTHER, url.text() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Streams {@code GET path} (a {@code /logtail/...} or {@code /mainlogtail} URL) into {@code sink}
   * until the server ends it or {@link StreamHandle#abort()} closes it. Blocks the calling thread.
   *
   * @return the HTTP status (200 when data was streamed)
   * @throws ServerException if the server cannot be reached
   */
  int stream(String path, OutputStream sink, StreamHandle handle) throws ServerException {
    HttpConnection c = HttpConnection.connect(url);
    if (!handle.attach(c)) {
      return 200;
    }
    try {
      StringBuilder head = new StringBuilder(256);
      head.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(url.netloc());
      head.append("\r\nAccept-Encoding: chunked\r\nAccept: */*\r\n");
      head.append("User-agent: Supervisor HTTP Client\r\n");
      if (authorization != null) {
        head.append("Authorization: ").append(authorization).append("\r\n");
      }
      head.append("\r\n");
      c.send(head.toString(), null);
      HttpConnection.Head h = c.readHead();
      if (h.status() != 200) {
        return h.status();
      }
      c.stream(h, sink);
      return 200;
    } catch (IOException e) {
      return 200; // closed by the user (Ctrl-C) or by the server: the stream is over either way
    } finally {
      c.close();
    }
  }

  /** Lets another thread (the Ctrl-C handler) abort a running {@link #stream}. */
  static final class StreamHandle {
    private HttpConnection connection;
    private boolean aborted;

    synchronized boolean attach(HttpConnection c) {
      if (aborted) {
        c.close();
        return false;
      }
      connection = c;
      return true;
    }

    /** Closes the stream's connection (now or as soon as it is opened). Any thread. */
    synchronized void abort() {
      aborted = true;
      if (connection != null) {
        connection.close();
      }
    }

    synchronized boolean isAborted() {
      return aborted;
    }
  }

  /** Closes the RPC connection; safe from any thread. */
  @Override
  public void close() {
    HttpConnection c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
  }

  // ---- typed calls (each is one RPC; names follow the wire) ----

  String getVersion() throws RpcFault, ServerException {
    return String.valueOf(call("supervisor.getVersion"));
  }

  String getSupervisorVersion() throws RpcFault, ServerException {
    return String.valueOf(call("supervisor.getSupervisorVersion"));
  }

  Object getPID() throws RpcFault, ServerException {
    return call("supervisor.getPID");
  }

  List<ProcessInfo> getAllProcessInfo() throws RpcFault, ServerException {
    List<ProcessInfo> out = new ArrayList<>();
    for (Object o : Wire.array(call("supervisor.getAllProcessInfo"))) {
      out.add(ProcessInfo.of(o));
    }
    return out;
  }

  ProcessInfo getProcessInfo(String name) throws RpcFault, ServerException {
    return ProcessInfo.of(call("supervisor.getProcessInfo", name));
  }

  List<ProcessResult> results(String method, Object... params) throws RpcFault, ServerException {
    List<ProcessResult> out = new ArrayList<>();
    for (Object o : Wire.array(call(method, params))) {
      out.add(ProcessResult.of(o));
    }
    return out;
  }

  List<ConfigInfo> getAllConfigInfo() throws RpcFault, ServerException {
    List<ConfigInfo> out = new ArrayList<>();
    for (Object o : Wire.array(call("supervisor.getAllConfigInfo"))) {
      out.add(ConfigInfo.of(o));
    }
    return out;
  }

  /** {@code reloadConfig}: returns [added, changed, removed] group names. */
  List<List<String>> reloadConfig() throws RpcFault, ServerException {
    List<?> outer = Wire.array(call("supervisor.reloadConfig"));
    List<?> triple = Wire.array(outer.isEmpty() ? null : outer.get(0));
    List<List<String>> out = new ArrayList<>(3);
    for (Object names : triple) {
      List<String> l = new ArrayList<>();
      for (Object n : Wire.array(names)) {
        l.add(String.valueOf(n));
      }
      out.add(l);
    }
    while (out.size() < 3) {
      out.add(List.of());
    }
    return out;
  }

  String readString(String method, Object... params) throws RpcFault, ServerException {
    Object o = call(method, params);
    return o == null ? "" : o.toString();
  }
}
