package dev.jsupervisor.ctl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A minimal XML-RPC codec: writes {@code methodCall} documents and reads {@code methodResponse}
 * documents into plain Java values ({@code String}, {@code Integer}, {@code Long}, {@code Boolean},
 * {@code Double}, {@code List<Object>}, {@code Map<String,Object>}, {@code null} for nil).
 *
 * <p>Stateless and thread-safe. Responses are parsed with the JDK's StAX parser with DTDs and
 * external entities switched off, so a hostile server cannot make the client read local files.
 */
final class XmlRpcCodec {
  private static final XMLInputFactory FACTORY = newFactory();

  private XmlRpcCodec() {}

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** Encodes a call; params may be String, Integer, Boolean (what supervisorctl sends). */
  static byte[] encodeCall(String method, Object... params) {
    StringBuilder sb = new StringBuilder(128 + 64 * params.length);
    sb.append("<?xml version='1.0'?>\n<methodCall>\n<methodName>");
    escape(sb, method);
    sb.append("</methodName>\n<params>\n");
    for (Object p : params) {
      sb.append("<param>\n<value>");
      encodeValue(sb, p);
      sb.append("</value>\n</param>\n");
    }
    sb.append("</params>\n</methodCall>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void encodeValue(StringBuilder sb, Object p) {
    if (p instanceof Boolean b) {
      sb.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (p instanceof Integer i) {
      sb.append("<int>").append(i.intValue()).append("</int>");
    } else if (p instanceof String s) {
      sb.append("<string>");
      escape(sb, s);
      sb.append("</string>");
    } else {
      throw new IllegalArgumentException("cannot encode XML-RPC parameter of type " + p.getClass());
    }
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
  }

  /**
   * Decodes a {@code methodResponse}.
   *
   * @throws RpcFault if the response is a fault
   * @throws IOException if the body is not a well-formed XML-RPC response
   */
  static Object decodeResponse(byte[] body) throws RpcFault, IOException {
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
      try {
        expectStart(r, "methodResponse");
        String what = nextStart(r);
        if (what.equals("fault")) {
          expectStart(r, "value");
          Object v = parseValue(r);
          if (!(v instanceof Map<?, ?> m)) {
            throw new IOException("malformed XML-RPC fault");
          }
          Object code = m.get("faultCode");
          Object text = m.get("faultString");
          throw new RpcFault(
              code instanceof Number n ? n.intValue() : 0, text == null ? "" : text.toString());
        }
        if (!what.equals("params")) {
          throw new IOException("malformed XML-RPC response: <" + what + ">");
        }
        expectStart(r, "param");
        expectStart(r, "value");
        return parseValue(r);
      } finally {
        r.close();
      }
    } catch (XMLStreamException e) {
      throw new IOException("unreadable XML-RPC response: " + e.getMessage(), e);
    }
  }

  private static void expectStart(XMLStreamReader r, String name)
      throws XMLStreamException, IOException {
    String got = nextStart(r);
    if (!got.equals(name)) {
      throw new IOException("malformed XML-RPC response: expected <" + name + "> got <" + got + ">");
    }
  }

  /** Advances to the next start tag; a DTD or the end of input is an error. */
  private static String nextStart(XMLStreamReader r) throws XMLStreamException, IOException {
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        return r.getLocalName();
      }
      if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
        throw new IOException("XML-RPC response must not contain a DTD or entities");
      }
      if (ev == XMLStreamConstants.END_ELEMENT) {
        return "/" + r.getLocalName();
      }
    }
    throw new IOException("truncated XML-RPC response");
  }

  /** Parses from just after {@code <value>} to just after {@code </value>}. */
  private static Object parseValue(XMLStreamReader r) throws XMLStreamException, IOException {
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(r.getText());
        case XMLStreamConstants.START_ELEMENT -> {
          Object v = parseTyped(r, r.getLocalName());
          skipTo(r, "value");
          return v;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          return text.toString(); // untyped <value>text</value> is a string
        }
        case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
            throw new IOException("XML-RPC response must not contain a DTD or entities");
        default -> {}
      }
    }
    throw new IOException("truncated XML-RPC value");
  }

  private static Object parseTyped(XMLStreamReader r, String type)
      throws XMLStreamException, IOException {
    switch (type) {
      case "int", "i4" -> {
        return Integer.valueOf(r.getElementText().trim());
      }
      case "i8" -> {
        return Long.valueOf(r.getElementText().trim());
      }
      case "boolean" -> {
        return "1".equals(r.getElementText().trim());
      }
      case "string", "dateTime.iso8601" -> {
        return r.getElementText();
      }
      case "double" -> {
        return Double.valueOf(r.getElementText().trim());
      }
      case "base64" -> {
        byte[] raw = Base64.getMimeDecoder().decode(r.getElementText().trim());
        return new String(raw, StandardCharsets.UTF_8);
      }
      case "nil" -> {
        skipTo(r, "nil");
        return null;
      }
      case "array" -> {
        return parseArray(r);
      }
      case "struct" -> {
        return parseStruct(r);
      }
      default -> throw new IOException("unknown XML-RPC type <" + type + ">");
    }
  }

  private static List<Object> parseArray(XMLStreamReader r) throws XMLStreamException, IOException {
    List<Object> list = new ArrayList<>();
    expectStart(r, "data");
    while (true) {
      String tag = nextStart(r);
      if (tag.equals("value")) {
        list.add(parseValue(r));
      } else if (tag.equals("/data")) {
        skipTo(r, "array");
        return list;
      } else {
        throw new IOException("malformed XML-RPC array: <" + tag + ">");
      }
    }
  }

  private static Map<String, Object> parseStruct(XMLStreamReader r)
      throws XMLStreamException, IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      String tag = nextStart(r);
      if (tag.equals("/struct")) {
        return map;
      }
      if (!tag.equals("member")) {
        throw new IOException("malformed XML-RPC struct: <" + tag + ">");
      }
      expectStart(r, "name");
      String name = r.getElementText();
      expectStart(r, "value");
      map.put(name, parseValue(r));
      skipTo(r, "member");
    }
  }

  /** Skips to the end tag {@code name} (tolerating whitespace in between). */
  private static void skipTo(XMLStreamReader r, String name) throws XMLStreamException, IOException {
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals(name)) {
        return;
      }
      if (ev == XMLStreamConstants.START_ELEMENT) {
        throw new IOException("unexpected <" + r.getLocalName() + "> before </" + name + ">");
      }
    }
    throw new IOException("truncated XML-RPC response");
  }
}
