package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.XmlRpcRequestReader.RpcCall;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The XML-RPC endpoint without HTTP: request body in, response body out. Thread-safe; called on
 * HTTP worker threads, which it may block (e.g. {@code startProcess(name, true)} waits for the
 * engine's future on the calling thread, holding no lock, so other clients are served meanwhile).
 *
 * <p>Method routing follows supervisord: the name must be exactly {@code namespace.method}, the
 * method may not start with {@code _}, anything else is UNKNOWN_METHOD. Every failure inside a call,
 * expected or not, is answered with a fault response (HTTP 200); only a body that is not a safe,
 * well-formed methodCall raises {@link MalformedRequestException} (HTTP 400). Nothing thrown here
 * leaves the dispatcher unusable for the next request.
 */
public final class RpcDispatcher {

  private final XmlRpcRequestReader reader;
  private final Map<String, RpcMethod> methods;

  /**
   * A dispatcher over {@code supervisor} and {@code daemon}, with a request cap of 4 MiB and a wait
   * limit of one hour for blocking calls; stop times in descriptions use the JVM's time zone.
   */
  public RpcDispatcher(Supervisor supervisor, DaemonControl daemon) {
    this(Engine.of(Objects.requireNonNull(supervisor, "supervisor")), daemon,
        XmlRpcRequestReader.DEFAULT_MAX_BYTES, Duration.ofHours(1), ZoneId.systemDefault());
  }

  RpcDispatcher(Engine supervisor, DaemonControl daemon, int maxRequestBytes, Duration waitLimit, ZoneId zone) {
    Objects.requireNonNull(daemon, "daemon");
    this.reader = new XmlRpcRequestReader(maxRequestBytes);
    SupervisorNamespace ns = new SupervisorNamespace(supervisor, daemon, new EngineCalls(waitLimit), zone);
    SystemNamespace system = new SystemNamespace(this::invoke);
    this.methods = system.bind(SupervisorMethods.bind(ns));
  }

  /**
   * Handles one {@code POST /RPC2} body.
   *
   * @return the complete response document (a methodResponse with params or fault), UTF-8
   * @throws MalformedRequestException when the body is not an XML-RPC call at all (HTTP 400)
   */
  public byte[] handle(byte[] requestBody) throws MalformedRequestException {
    RpcCall call = reader.read(requestBody);
    try {
      return XmlRpcResponseWriter.response(invoke(call.methodName(), call.params()));
    } catch (FaultException e) {
      return XmlRpcResponseWriter.fault(e.fault().code(), e.faultString());
    } catch (RuntimeException e) {
      FaultException f = EngineCalls.internalError(e);
      return XmlRpcResponseWriter.fault(f.fault().code(), f.faultString());
    }
  }

  /** supervisord's {@code traverse}: route by exact two-part name, then check arity and call. */
  Object invoke(String methodName, List<Object> params) throws FaultException {
    String[] parts = methodName.split("\\.", -1);
    if (parts.length != 2 || parts[1].startsWith("_")) {
      throw new FaultException(Fault.UNKNOWN_METHOD);
    }
    RpcMethod m = methods.get(methodName);
    if (m == null) {
      throw new FaultException(Fault.UNKNOWN_METHOD);
    }
    return m.call(new Params(params));
  }

  /** The body is not a parseable methodCall, or has no methodName: answered with HTTP 400. */
  public static final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
      super(message);
    }
  }
}
