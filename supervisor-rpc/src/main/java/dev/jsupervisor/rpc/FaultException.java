package dev.jsupervisor.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A method call that ends in an XML-RPC fault (supervisord's {@code RPCError}). Thrown by the
 * namespaces on the calling HTTP thread and turned into a fault response or a multicall fault struct
 * by the dispatcher; never reaches a client as a stack trace.
 */
public final class FaultException extends Exception {

  private final Fault fault;

  /** A fault whose string is the bare fault name. */
  public FaultException(Fault fault) {
    this(fault, null);
  }

  /** A fault whose string is {@code NAME: extra}; {@code extra} null gives the bare name. */
  public FaultException(Fault fault, String extra) {
    super(fault.text(extra), null, false, false);
    this.fault = fault;
  }

  /** The fault, hence the faultCode. */
  public Fault fault() {
    return fault;
  }

  /** The complete faultString, e.g. {@code BAD_NAME: nosuch}. */
  public String faultString() {
    return getMessage();
  }

  /** This fault as the struct a fault response or a multicall result carries. */
  public Map<String, Object> toStruct() {
    return struct(fault.code(), faultString());
  }

  static Map<String, Object> struct(int code, String faultString) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("faultCode", code);
    m.put("faultString", faultString);
    return m;
  }
}
