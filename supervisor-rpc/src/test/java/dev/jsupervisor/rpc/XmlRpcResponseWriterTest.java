package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-exact against what Python's xmlrpc.client.dumps produced for the same values. */
final class XmlRpcResponseWriterTest {

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void response_nestedValues_matchPythonLayout() {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("a", "x<&>");
    struct.put("b", true);
    String python = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
        + "<value><int>1</int></value>\n<value><struct>\n<member>\n<name>a</name>\n"
        + "<value><string>x&lt;&amp;&gt;</string></value>\n</member>\n<member>\n<name>b</name>\n"
        + "<value><boolean>1</boolean></value>\n</member>\n</struct></value>\n"
        + "<value><array><data>\n</data></array></value>\n<value><string>s</string></value>\n"
        + "</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
    assertThat(text(XmlRpcResponseWriter.response(List.of(1, struct, List.of(), "s")))).isEqualTo(python);
  }

  @Test
  void fault_badName_matchesObservedSupervisordBody() {
    String observed = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
        + "<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n"
        + "<name>faultString</name>\n<value><string>BAD_NAME: nosuch</string></value>\n</member>\n"
        + "</struct></value>\n</fault>\n</methodResponse>\n";
    assertThat(text(XmlRpcResponseWriter.fault(10, "BAD_NAME: nosuch"))).isEqualTo(observed);
    assertThat(observed.length()).isEqualTo(272); // the Content-Length supervisord sent
  }

  @Test
  void response_double_asPythonWritesIt() {
    assertThat(text(XmlRpcResponseWriter.response(1.5))).contains("<value><double>1.5</double></value>\n");
  }

  @Test
  void response_carriageReturnAndControlChars_keptParseable() {
    String out = text(XmlRpcResponseWriter.response("a\r\nb\u0001c\td\uD800"));
    assertThat(out).contains("<string>a&#13;\nb\uFFFDc\td\uFFFD</string>");
    assertThat(Rpc.decode(out.getBytes(StandardCharsets.UTF_8))).isEqualTo("a\r\nb\uFFFDc\td\uFFFD");
  }

  @Test
  void response_supplementaryCharacters_keptIntact() {
    assertThat(Rpc.decode(XmlRpcResponseWriter.response("snow \u2603 and \uD83D\uDE00"))).isEqualTo("snow \u2603 and \uD83D\uDE00");
  }

  @Test
  void response_longBeyond32Bits_rejected() {
    assertThatThrownBy(() -> XmlRpcResponseWriter.response(1L << 31)).isInstanceOf(IllegalArgumentException.class);
    assertThat(text(XmlRpcResponseWriter.response(7L))).contains("<int>7</int>");
  }
}
