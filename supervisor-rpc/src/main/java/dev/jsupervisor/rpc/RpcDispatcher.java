package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.XmlRpcRequestReader.RpcCall;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The XML-RPC endpoint without HTTP: request body in, a future of the response body out. No call
 * blocks the calling thread: {@code startProcess(name, true)} and friends answer when the engine's
 * future completes; such a reply, fault or not, is then marshalled, and its future completed, on
 * the dispatcher's reply thread (started on demand, gone when idle), never on the engine's loop
 * thread, so the caller may write it out from there. Thread-safe; called on HTTP threads.
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
  private final EngineCalls engine;
  private final Executor replies;

  /**
   * A dispatcher over {@code supervisor} and {@code daemon}, with a request cap of 4 MiB and a wait
   * limit of one hour for calls that wait on the engine; stop times in descriptions use the JVM's
   * time zone.
   */
  public RpcDispatcher(Supervisor supervisor, DaemonControl daemon) {
    this(supervisor, daemon, XmlRpcRequestReader.DEFAULT_MAX_BYTES, Duration.ofHours(1), ZoneId.systemDefault(),
        replyThread());
  }

  RpcDispatcher(Supervisor supervisor, DaemonControl daemon, int maxRequestBytes, Duration waitLimit, ZoneId zone,
      Executor replies) {
    Objects.requireNonNull(supervisor, "supervisor");
    Objects.requireNonNull(daemon, "daemon");
    this.reader = new XmlRpcRequestReader(maxRequestBytes);
    this.engine = new EngineCalls(waitLimit, replies);
    this.replies = replies;
    SupervisorNamespace ns = new SupervisorNamespace(supervisor, daemon, engine, zone);
    SystemNamespace system = new SystemNamespace(this::invoke, engine);
    // jsupervisor.* are routed but not listed: system.listMethods stays supervisord's 41 names
    Map<String, RpcMethod> all = new java.util.HashMap<>(system.bind(SupervisorMethods.bind(ns)));
    for (RpcMethod m : JsupervisorMethods.bind(new JsupervisorNamespace(ns, new ConfigUpdate(supervisor, daemon), engine))) {
      all.put(m.name(), m);
    }
    this.methods = Map.copyOf(all);
  }

  /** One daemon thread, started when a reply is due and ended after 30 s without one. */
  private static Executor replyThread() {
    return new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "rpc-replies");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Handles one {@code POST /RPC2} body. The future completes with the complete response document
   * (a methodResponse with params or fault, UTF-8) and never exceptionally: at once, on the calling
   * thread, unless the call waits on the engine; then later, on the reply thread.
   *
   * @throws MalformedRequestException when the body is not an XML-RPC call at all (HTTP 400)
   */
  public CompletableFuture<byte[]> dispatch(byte[] requestBody) throws MalformedRequestException {
    return parse(requestBody).run();
  }

  /**
   * Reads one {@code POST /RPC2} body into the call it asks for, without running it: CPU work
   * bounded by the body's size. Any thread; {@link #dispatch} is {@code parse(body).run()}.
   *
   * @throws MalformedRequestException when the body is not an XML-RPC call at all (HTTP 400)
   */
  public Call parse(byte[] requestBody) throws MalformedRequestException {
    RpcCall call = reader.read(requestBody);
    RpcMethod m = methods.get(call.methodName());
    return new ParsedCall(call, m != null && m.readsFiles());
  }

  /** A parsed request, to be run once. */
  public interface Call {
    /**
     * Whether running it may take long because it reads or writes files (the logs, the
     * configuration; {@code system.multicall} as a whole): a caller on an event-loop thread should
     * run it on a worker. Every other call only computes and talks to the engine without waiting.
     */
    boolean mayBlock();

    /** Runs the call on this thread; the future is as {@link #dispatch}'s. */
    CompletableFuture<byte[]> run();
  }

  private final class ParsedCall implements Call {
    private final RpcCall call;
    private final boolean mayBlock;

    ParsedCall(RpcCall call, boolean mayBlock) {
      this.call = call;
      this.mayBlock = mayBlock;
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }

    @Override
    public CompletableFuture<byte[]> run() {
      CompletableFuture<Object> result = invoke(call.methodName(), call.params());
      // A failure is passed on by whichever thread fails the engine's future (the loop's, a timer's):
      // handleAsync keeps its marshalling, and the completion, off those threads.
      return result.isDone() ? result.handle(RpcDispatcher.this::marshal) : result.handleAsync(RpcDispatcher.this::marshal, replies);
    }
  }

  private byte[] marshal(Object value, Throwable error) {
    if (error == null) {
      try {
        return XmlRpcResponseWriter.response(value);
      } catch (RuntimeException e) {
        error = e;
      }
    }
    FaultException f = engine.fault(error);
    return XmlRpcResponseWriter.fault(f.fault().code(), f.faultString());
  }

  /**
   * supervisord's {@code traverse}: route by exact two-part name, then check arity and call. The
   * future fails with the call's FaultException (or whatever else went wrong).
   */
  CompletableFuture<Object> invoke(String methodName, List<Object> params) {
    try {
      int dot = methodName.indexOf('.');
      if (dot < 0 || methodName.indexOf('.', dot + 1) >= 0 || methodName.startsWith("_", dot + 1)) {
        throw new FaultException(Fault.UNKNOWN_METHOD);
      }
      RpcMethod m = methods.get(methodName);
      if (m == null) {
        throw new FaultException(Fault.UNKNOWN_METHOD);
      }
      Object result = m.call(new Params(params));
      if (result instanceof CompletableFuture<?> f) {
        return f.thenApply(v -> (Object) v);
      }
      return CompletableFuture.completedFuture(result);
    } catch (FaultException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The body is not a parseable methodCall, or has no methodName: answered with HTTP 400. */
  public static final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
      super(message);
    }
  }
}
