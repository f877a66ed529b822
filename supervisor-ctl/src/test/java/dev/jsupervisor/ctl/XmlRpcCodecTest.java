package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class XmlRpcCodecTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void decode_faultAsSupervisordSendsIt_throwsRpcFaultWithCodeAndString() {
    String body = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
        + "<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n"
        + "<name>faultString</name>\n<value><string>BAD_NAME: nosuch</string></value>\n</member>\n"
        + "</struct></value>\n</fault>\n</methodResponse>\n";
    assertThatThrownBy(() -> XmlRpcCodec.decodeResponse(bytes(body)))
        .isInstanceOfSatisfying(RpcFault.class, f -> {
          assertThat(f.code()).isEqualTo(10);
          assertThat(f.faultString()).isEqualTo("BAD_NAME: nosuch");
          assertThat(f.getMessage()).isEqualTo("<Fault 10: 'BAD_NAME: nosuch'>");
        });
  }

  @Test
  void decode_nestedValues_mapsToJavaTypes() throws Exception {
    String body = "<?xml version='1.0'?><methodResponse><params><param><value><array><data>\n"
        + "<value><struct><member><name>name</name><value>untyped &amp; &lt;x&gt;</value></member>"
        + "<member><name>n</name><value><i4>-3</i4></value></member>"
        + "<member><name>b</name><value><boolean>1</boolean></value></member>"
        + "<member><name>e</name><value><array><data>\n</data></array></value></member>"
        + "</struct></value>\n<value><string></string></value><value><double>1.5</double></value>"
        + "</data></array></value></param></params></methodResponse>";
    Object v = XmlRpcCodec.decodeResponse(bytes(body));
    assertThat(v).isEqualTo(List.of(
        Map.of("name", "untyped & <x>", "n", -3, "b", true, "e", List.of()), "", 1.5));
  }

  @Test
  void decode_doctypeWithExternalEntity_isRejectedWithoutReadingTheFile() {
    String body = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        + "<methodResponse><params><param><value><string>&x;</string></value></param></params>"
        + "</methodResponse>";
    assertThatThrownBy(() -> XmlRpcCodec.decodeResponse(bytes(body)))
        .isInstanceOf(IOException.class)
        .hasMessageNotContaining("root:");
  }

  @Test
  void decode_garbage_isIoExceptionNotRuntimeException() {
    assertThatThrownBy(() -> XmlRpcCodec.decodeResponse(bytes("<html>oops")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void encode_stringIntBoolean_escapesMarkup() {
    String xml = new String(XmlRpcCodec.encodeCall("supervisor.x", "a<&>b", -1600, true),
        StandardCharsets.UTF_8);
    assertThat(xml).contains("<methodName>supervisor.x</methodName>",
        "<string>a&lt;&amp;&gt;b</string>", "<int>-1600</int>", "<boolean>1</boolean>");
  }
}
