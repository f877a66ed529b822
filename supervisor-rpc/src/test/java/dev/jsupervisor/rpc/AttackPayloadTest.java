package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Random;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Hostile requests (CVE-2016-5002 XXE, entity bombs, CVE-2016-5003 ex:serializable, size and depth
 * abuse, garbage) each get an error, and the dispatcher answers the next normal call.
 */
final class AttackPayloadTest {
  private static final String EX_NS = "http://ws.apache.org/xmlrpc/namespaces/extensions";

  private final RpcHarness h = new RpcHarness();
  private final RpcDispatcher dispatcher = new RpcDispatcher(h.supervisor, h.daemon,
      64 * 1024, Duration.ofSeconds(5), ZoneOffset.UTC, Runnable::run);

  @AfterEach
  void dispatcherStillServes() throws Exception {
    assertThat(h.answer(dispatcher.dispatch(Rpc.call("supervisor.getAPIVersion")))).isEqualTo("3.0");
  }

  private void assertRefused(String body, String because) {
    assertRefused(body.getBytes(StandardCharsets.UTF_8), because);
  }

  private void assertRefused(byte[] body, String because) {
    assertThatThrownBy(() -> dispatcher.dispatch(body))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining(because)
        .hasMessageNotContaining("root:");
  }

  @Test
  void handle_xxeFileRead_refusedWithoutReadingTheFile() {
    assertRefused("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        + "<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>"
        + "<string>&e;</string></value></param></params></methodCall>", "DOCTYPE");
  }

  @Test
  void handle_externalDtdAndParameterEntity_refused() {
    assertRefused("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
        + "<methodCall><methodName>supervisor.getState</methodName></methodCall>", "DOCTYPE");
    assertRefused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
        + "<methodCall><methodName>supervisor.getState</methodName></methodCall>", "DOCTYPE");
  }

  @Test
  void handle_billionLaughs_refused() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append("]>");
    assertRefused("<?xml version=\"1.0\"?>" + dtd + "<methodCall><methodName>supervisor.getState"
        + "</methodName><params><param><value>&lol9;</value></param></params></methodCall>", "DOCTYPE");
  }

  @Test
  void handle_exSerializable_neverDeserializes() throws Exception {
    int before = Canary.DESERIALIZED.get();
    assertRefused(serializablePayload(), "serializable");
    assertThat(Canary.DESERIALIZED.get()).isEqualTo(before);
  }

  /** Control: the same payload does run readObject once extensions are on, so the test above can fail. */
  @Test
  void exSerializablePayload_withExtensionsEnabled_wouldDeserialize() throws Exception {
    int before = Canary.DESERIALIZED.get();
    XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
    config.setEnabledForExtensions(true);
    XmlRpcServer controller = new XmlRpcServer();
    controller.setConfig(config);
    XmlRpcRequestParser parser = new XmlRpcRequestParser(config, new TypeFactoryImpl(controller));
    SAXParserFactory f = SAXParserFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    XMLReader reader = f.newSAXParser().getXMLReader();
    reader.setContentHandler(parser);
    reader.parse(new InputSource(new ByteArrayInputStream(serializablePayload().getBytes(StandardCharsets.UTF_8))));
    assertThat(Canary.DESERIALIZED.get()).isEqualTo(before + 1);
  }

  private static String serializablePayload() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Canary());
    }
    return "<?xml version=\"1.0\"?><methodCall xmlns:ex=\"" + EX_NS + "\">"
        + "<methodName>supervisor.getProcessInfo</methodName><params><param><value><ex:serializable>"
        + Base64.getEncoder().encodeToString(bytes.toByteArray())
        + "</ex:serializable></value></param></params></methodCall>";
  }

  @Test
  void handle_otherExtensionTypes_refused() {
    assertRefused("<?xml version=\"1.0\"?><methodCall xmlns:ex=\"" + EX_NS + "\"><methodName>"
        + "supervisor.getProcessInfo</methodName><params><param><value><ex:nil/></value></param>"
        + "</params></methodCall>", "nil");
  }

  @Test
  void handle_oversizedBody_refusedBeforeParsing() {
    byte[] body = Rpc.call("supervisor.sendProcessStdin", "web", "x".repeat(70 * 1024));
    assertRefused(body, "exceeds the limit of 65536 bytes");
  }

  @Test
  void handle_garbageBytes_refused() {
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    assertRefused(garbage, "unparseable");
    assertRefused(new byte[0], "unparseable");
    assertRefused("<methodCall><methodName>supervisor.getState", "unparseable");
  }

  @Test
  void handle_deeplyNestedArrays_refused() {
    int depth = 1000; // within the 64 KiB cap, so the depth limit is what refuses it
    String body = "<?xml version=\"1.0\"?><methodCall><methodName>system.multicall</methodName><params><param>"
        + "<value><array><data>".repeat(depth) + "</data></array></value>".repeat(depth)
        + "</param></params></methodCall>";
    assertRefused(body, "nested deeper than");
  }

  @Test
  void handle_missingOrEmptyMethodName_refused() {
    assertRefused("<?xml version=\"1.0\"?><methodCall><params></params></methodCall>", "methodName");
    assertRefused("<?xml version=\"1.0\"?><methodCall><methodName></methodName></methodCall>", "methodName");
  }
}
