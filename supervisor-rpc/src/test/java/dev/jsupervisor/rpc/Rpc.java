package dev.jsupervisor.rpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Test-side XML-RPC codec: builds request bodies and decodes our (trusted) responses. */
final class Rpc {
  private Rpc() {}

  /** A decoded fault response. */
  record FaultResponse(int code, String string) {}

  static byte[] call(String method, Object... params) {
    StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
        .append(method).append("</methodName>\n<params>\n");
    for (Object p : params) {
      sb.append("<param>\n");
      value(sb, p);
      sb.append("</param>\n");
    }
    return sb.append("</params>\n</methodCall>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void value(StringBuilder sb, Object v) {
    sb.append("<value>");
    if (v instanceof String s) {
      sb.append("<string>").append(s.replace("&", "&amp;").replace("<", "&lt;")).append("</string>");
    } else if (v instanceof Boolean b) {
      sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
    } else if (v instanceof Integer n) {
      sb.append("<int>").append(n).append("</int>");
    } else if (v instanceof List<?> l) {
      sb.append("<array><data>\n");
      l.forEach(o -> value(sb, o));
      sb.append("</data></array>");
    } else if (v instanceof Map<?, ?> m) {
      sb.append("<struct>\n");
      m.forEach((k, o) -> {
        sb.append("<member>\n<name>").append(k).append("</name>\n");
        value(sb, o);
        sb.append("</member>\n");
      });
      sb.append("</struct>");
    } else {
      throw new IllegalArgumentException(String.valueOf(v));
    }
    sb.append("</value>\n");
  }

  /** The value of a response, or a {@link FaultResponse}. */
  static Object decode(byte[] response) {
    try {
      Element root = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(response)).getDocumentElement();
      Element first = children(root).get(0);
      Element value = children(children(first).get(0)).get(0);
      if (first.getTagName().equals("fault")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) parseValue(children(first).get(0));
        return new FaultResponse((Integer) f.get("faultCode"), (String) f.get("faultString"));
      }
      return parseValue(value);
    } catch (Exception e) {
      throw new AssertionError("bad response: " + new String(response, StandardCharsets.UTF_8), e);
    }
  }

  private static Object parseValue(Element value) {
    List<Element> kids = children(value);
    if (kids.isEmpty()) {
      return value.getTextContent();
    }
    Element typed = kids.get(0);
    String text = typed.getTextContent();
    switch (typed.getTagName()) {
      case "int", "i4": return Integer.parseInt(text);
      case "boolean": return text.equals("1");
      case "string": return text;
      case "double": return Double.parseDouble(text);
      case "array": {
        List<Object> out = new ArrayList<>();
        children(children(typed).get(0)).forEach(v -> out.add(parseValue(v)));
        return out;
      }
      case "struct": {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Element member : children(typed)) {
          List<Element> nv = children(member);
          out.put(nv.get(0).getTextContent(), parseValue(nv.get(1)));
        }
        return out;
      }
      default: throw new IllegalArgumentException(typed.getTagName());
    }
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  /** {@code key} of every struct in a decoded array, in order. */
  static List<Object> field(Object array, String key) {
    List<Object> out = new ArrayList<>();
    for (Object o : (List<?>) array) {
      out.add(((Map<?, ?>) o).get(key));
    }
    return out;
  }

  /** A decoded array. */
  static List<?> list(Object array) {
    return (List<?>) array;
  }
}
