package dev.jsupervisor.web;

import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the few XML-RPC calls the HTTP tests make, in Python's exact response format:
 * getVersion/getAPIVersion "3.0", getPID 4242, "test.fault" a BAD_NAME fault, "test.crash" throws,
 * "test.files" 4242 from a call that {@code mayBlock()}. Anything that is not a methodCall is
 * malformed. Records every body it sees and the name of the thread each call ran on.
 */
final class FakeRpc implements RpcEndpoint {

  private static final Pattern METHOD = Pattern.compile("<methodName>([^<]+)</methodName>");
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<String> runThreads = new CopyOnWriteArrayList<>();

  @Override
  public RpcDispatcher.Call parse(byte[] requestBody) throws MalformedRequestException {
    String body = new String(requestBody, StandardCharsets.UTF_8);
    bodies.add(body);
    Matcher m = METHOD.matcher(body);
    if (!body.contains("<methodCall>") || !m.find()) {
      throw new MalformedRequestException("not a methodCall");
    }
    String method = m.group(1);
    return new RpcDispatcher.Call() {
      @Override
      public boolean mayBlock() {
        return method.equals("test.files");
      }

      @Override
      public CompletableFuture<byte[]> run() {
        runThreads.add(Thread.currentThread().getName());
        return CompletableFuture.completedFuture(answer(method));
      }
    };
  }

  private static byte[] answer(String method) {
    switch (method) {
      case "supervisor.getVersion":
      case "supervisor.getAPIVersion":
        return params("<string>3.0</string>");
      case "supervisor.getPID":
      case "test.files":
        return params("<int>4242</int>");
      case "test.fault":
        return fault(10, "BAD_NAME: nosuch");
      case "test.crash":
        throw new IllegalStateException("boom");
      default:
        return fault(1, "UNKNOWN_METHOD");
    }
  }

  static String call(String method) {
    return "<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method
        + "</methodName>\n<params>\n</params>\n</methodCall>\n";
  }

  private static byte[] params(String value) {
    return ("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>" + value
            + "</value>\n</param>\n</params>\n</methodResponse>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] fault(int code, String text) {
    return ("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
            + "<name>faultCode</name>\n<value><int>" + code + "</int></value>\n</member>\n<member>\n"
            + "<name>faultString</name>\n<value><string>" + text
            + "</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
