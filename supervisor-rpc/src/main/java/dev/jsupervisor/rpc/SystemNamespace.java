package dev.jsupervisor.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code system.*} methods: introspection over every published method and
 * {@code system.multicall} with supervisord's result shape (successful results bare, not wrapped in
 * one-element arrays; faults as {@code {faultCode, faultString}} structs; calls run one after the
 * other, each once the one before has its result, so a call that waits on the engine delays only
 * the later calls of the same multicall, and no thread waits meanwhile). Thread-safe: the method
 * table is immutable once {@link #bind} has run.
 */
public final class SystemNamespace {

  /** Runs one call by wire name; the dispatcher's routing, shared with multicall. */
  @FunctionalInterface
  interface Router {
    CompletableFuture<Object> invoke(String methodName, List<Object> params);
  }

  private final Map<String, RpcMethod> methods = new TreeMap<>();
  private final Router router;
  private final EngineCalls engine;

  SystemNamespace(Router router, EngineCalls engine) {
    this.router = router;
    this.engine = engine;
  }

  /** Publishes {@code supervisorMethods} and the system methods; called once, before any request. */
  Map<String, RpcMethod> bind(List<RpcMethod> supervisorMethods) {
    supervisorMethods.forEach(m -> methods.put(m.name(), m));
    publish(method("listMethods", 0, p -> listMethods(), "List the names of every method this server offers.",
        "@return array result  method names, sorted"));
    publish(method("methodHelp", 1, p -> methodHelp(p.raw(0)), "The documentation of a method.",
        "@param string name  the method's name", "@return string result  its documentation"));
    publish(method("methodSignature", 1, p -> methodSignature(p.raw(0)),
        "The signature of a method as [return type, parameter types...].",
        "@param string name  the method's name", "@return array result  the types"));
    // its calls may read files (logs, configuration): run it off an event-loop thread as a whole
    publish(method("multicall", 1, p -> multicall(p.raw(0)),
        "Run several calls in one request, in order. Each call is a struct {methodName, params};\n"
            + "        each result is the call's value itself, or a struct {faultCode, faultString}.",
        "@param array calls  the calls", "@return array result  one result per call").withFiles());
    return Map.copyOf(methods);
  }

  private void publish(RpcMethod m) {
    methods.put(m.name(), m);
  }

  private static RpcMethod method(String name, int required, RpcMethod.Invoker invoker, String summary, String... tags) {
    StringBuilder help = new StringBuilder(" ").append(summary).append("\n\n");
    for (String tag : tags) {
      help.append("        ").append(tag).append('\n');
    }
    help.append("        ");
    return new RpcMethod("system." + name, help.toString(), required, invoker);
  }

  /** Every method name, sorted (41 of them). */
  public List<String> listMethods() {
    return List.copyOf(methods.keySet());
  }

  /** The help text; SIGNATURE_UNSUPPORTED for unknown methods. */
  public String methodHelp(Object name) throws FaultException {
    RpcMethod m = methods.get(name instanceof String s ? s : null);
    if (m == null) {
      throw new FaultException(Fault.SIGNATURE_UNSUPPORTED);
    }
    return m.help();
  }

  /** {@code [returnType, paramTypes...]}; SIGNATURE_UNSUPPORTED for unknown methods. */
  public List<String> methodSignature(Object name) throws FaultException {
    RpcMethod m = methods.get(name instanceof String s ? s : null);
    if (m == null || m.signature().isEmpty()) {
      throw new FaultException(Fault.SIGNATURE_UNSUPPORTED);
    }
    return m.signature();
  }

  /** Runs {@code calls} in order; see the class comment for the result shape. */
  public CompletableFuture<List<Object>> multicall(Object calls) throws FaultException {
    if (!(calls instanceof List<?> list)) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS);
    }
    List<Object> results = new ArrayList<>(list.size());
    CompletableFuture<List<Object>> chain = CompletableFuture.completedFuture(results);
    for (Object call : list) {
      chain = engine.thenCompose(chain, done -> runOne(call).handle((value, error) -> {
        done.add(error == null ? value : engine.fault(error).toStruct());
        return done;
      }));
    }
    return chain;
  }

  private CompletableFuture<Object> runOne(Object call) {
    try {
      return router.invoke(checkedName(call), paramsOf(call));
    } catch (FaultException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String checkedName(Object call) throws FaultException {
    if (!(call instanceof Map<?, ?> struct)) {
      throw new FaultException(Fault.FAILED, "a call must be a struct {methodName, params}");
    }
    Object name = struct.get("methodName");
    if (name == null) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS, "No methodName");
    }
    if ("system.multicall".equals(name)) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
    }
    if (!(name instanceof String methodName)) {
      throw new FaultException(Fault.FAILED, "methodName must be a string");
    }
    return methodName;
  }

  private static List<Object> paramsOf(Object call) throws FaultException {
    Map<?, ?> struct = (Map<?, ?>) call;
    Object params = struct.containsKey("params") ? struct.get("params") : List.of();
    if (!(params instanceof List<?> paramList)) {
      throw new FaultException(Fault.INCORRECT_PARAMETERS);
    }
    return List.copyOf(paramList);
  }
}
