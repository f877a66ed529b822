package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Supervisor;

/**
 * The XML-RPC endpoint without HTTP: request body in, response body out. Thread-safe; called on
 * HTTP worker threads, which it may block (e.g. {@code startProcess(name, true)} waits for the
 * engine's future on the calling thread).
 */
public final class RpcDispatcher {

  public RpcDispatcher(Supervisor supervisor, DaemonControl daemon) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Handles one {@code POST /RPC2} body.
   *
   * @return the complete response document (a methodResponse with params or fault), UTF-8
   * @throws MalformedRequestException when the body is not an XML-RPC call at all (HTTP 400)
   */
  public byte[] handle(byte[] requestBody) throws MalformedRequestException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The body is not a parseable methodCall, or has no methodName: answered with HTTP 400. */
  public static final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
      super(message);
    }
  }
}
