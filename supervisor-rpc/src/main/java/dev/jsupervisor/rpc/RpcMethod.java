package dev.jsupervisor.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One published method: its wire name, its help text and how to call it. The signature is parsed
 * from the help text's {@code @param type name} and {@code @return type} lines, as supervisord
 * derives {@code system.methodSignature} from docstrings, so help and signature cannot disagree.
 * Immutable; any thread.
 *
 * @param name the full wire name, e.g. {@code supervisor.startProcess}
 * @param help the text {@code system.methodHelp} returns
 * @param requiredParams how many leading parameters have no default
 * @param invoker the call
 * @param readsFiles whether the call reads or writes files (logs, configuration), so that it may
 *     take long: a caller on an event-loop thread runs it elsewhere ({@link RpcDispatcher.Call#mayBlock})
 * @param maxParams how many parameters the help's {@code @param} lines name: read from the help
 *     once, when the method is made, and checked at every call
 */
record RpcMethod(String name, String help, int requiredParams, Invoker invoker, boolean readsFiles, int maxParams) {

  RpcMethod(String name, String help, int requiredParams, Invoker invoker, boolean readsFiles) {
    this(name, help, requiredParams, invoker, readsFiles, signatureOf(help).size() - 1);
  }

  RpcMethod(String name, String help, int requiredParams, Invoker invoker) {
    this(name, help, requiredParams, invoker, false);
  }

  /**
   * The body of a method; runs on the calling HTTP thread (or, within a multicall, on the reply
   * executor) and never blocks on the engine: it returns the value, or a {@code CompletableFuture}
   * of it that completes exceptionally with a {@link FaultException} on failure.
   */
  @FunctionalInterface
  interface Invoker {
    Object invoke(Params params) throws FaultException;
  }

  private static final Pattern TAG = Pattern.compile("^\\s*@(param|return)\\s+(\\S+)", Pattern.MULTILINE);

  /** {@code [returnType, paramTypes...]}; empty when the help has no {@code @return} line. */
  List<String> signature() {
    return signatureOf(help);
  }

  private static List<String> signatureOf(String help) {
    String ret = null;
    List<String> params = new ArrayList<>();
    Matcher m = TAG.matcher(help);
    while (m.find()) {
      if (m.group(1).equals("return")) {
        ret = m.group(2);
      } else {
        params.add(m.group(2));
      }
    }
    if (ret == null) {
      return List.of();
    }
    List<String> sig = new ArrayList<>();
    sig.add(ret);
    sig.addAll(params);
    return List.copyOf(sig);
  }

  /** Checks the arity (supervisord's TypeError → INCORRECT_PARAMETERS) and runs the method. */
  Object call(Params params) throws FaultException {
    params.checkArity(requiredParams, maxParams);
    return invoker.invoke(params);
  }

  /** The same method under another wire name (supervisord's backward-compatible aliases). */
  RpcMethod alias(String aliasName) {
    return new RpcMethod(aliasName, help, requiredParams, invoker, readsFiles, maxParams);
  }

  /** This method, marked as reading or writing files. */
  RpcMethod withFiles() {
    return new RpcMethod(name, help, requiredParams, invoker, true, maxParams);
  }
}
