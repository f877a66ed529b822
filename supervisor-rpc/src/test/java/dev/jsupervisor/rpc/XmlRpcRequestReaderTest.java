package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader reuses its SAX parsers: each call still gets only its own values, and a failed parse is not reused. */
final class XmlRpcRequestReaderTest {
  private final XmlRpcRequestReader reader = new XmlRpcRequestReader(XmlRpcRequestReader.DEFAULT_MAX_BYTES);

  private static byte[] call(String method, String param) {
    return ("<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params><param><value>"
        + "<string>" + param + "</string></value></param></params></methodCall>").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_consecutiveCalls_reuseOneParser_andEachGetsItsOwnValues() throws Exception {
    assertThat(reader.read(call("supervisor.startProcess", "a"))).isEqualTo(
        new XmlRpcRequestReader.RpcCall("supervisor.startProcess", List.of("a")));
    assertThat(reader.idleParsers()).isEqualTo(1);
    assertThat(reader.read(call("supervisor.stopProcess", "b"))).isEqualTo(
        new XmlRpcRequestReader.RpcCall("supervisor.stopProcess", List.of("b")));
    assertThat(reader.idleParsers()).isEqualTo(1);
  }

  @Test
  void read_afterAFailedParse_theParserIsDropped_andTheNextCallParsesCleanly() throws Exception {
    reader.read(call("supervisor.getState", "x"));
    byte[] half = "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.getPID</methodName><params><param>"
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> reader.read(half)).isInstanceOf(MalformedRequestException.class);
    assertThat(reader.idleParsers()).isZero();
    byte[] doctype = ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><methodCall><methodName>m"
        + "</methodName></methodCall>").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> reader.read(doctype)).isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("DOCTYPE");
    assertThat(reader.read(call("supervisor.readLog", "y")).params()).containsExactly("y");
  }

  @Test
  void read_keepsAtMostPooledParsers() throws Exception {
    Thread[] threads = new Thread[XmlRpcRequestReader.POOLED + 4];
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads.length);
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        try {
          together.await();
          for (int k = 0; k < 50; k++) {
            reader.read(call("supervisor.getState", "z"));
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(reader.idleParsers()).isBetween(1, XmlRpcRequestReader.POOLED);
  }
}
