package dev.jsupervisor.rpc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code methodResponse} documents in the layout of Python's
 * {@code xmlrpc.client.dumps(..., methodresponse=True)}, which is what supervisord sends: the
 * {@code <?xml version='1.0'?>} declaration, one element per line, {@code <int>}, {@code <boolean>},
 * {@code <string>}, {@code <double>}, {@code <array><data>} and {@code <struct>}.
 *
 * <p>Not Apache XML-RPC's {@code XmlRpcWriter}: that one writes {@code <i4>} and untyped strings,
 * which Python accepts but which is not the shape supervisord's clients see.
 *
 * <p>Two deliberate differences from Python, both about strings: a carriage return is written as
 * {@code &#13;} (Python writes it raw, and the client's XML parser then turns CRLF into LF, changing
 * log data), and characters that XML 1.0 forbids (most C0 controls, unpaired surrogates) become
 * U+FFFD (Python writes them raw and the client fails to parse the whole response).
 *
 * <p>Stateless and thread-safe. Integers must fit 32 bits: callers clamp or fault first, as
 * supervisord does; anything else is a programming error ({@link IllegalArgumentException}).
 */
final class XmlRpcResponseWriter {
  private XmlRpcResponseWriter() {}

  private static final String HEADER = "<?xml version='1.0'?>\n<methodResponse>\n";

  /** A successful response carrying {@code value}. */
  static byte[] response(Object value) {
    StringBuilder sb = new StringBuilder(256).append(HEADER).append("<params>\n<param>\n");
    value(sb, value);
    sb.append("</param>\n</params>\n</methodResponse>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A fault response: HTTP 200 with a {@code faultCode}/{@code faultString} struct. */
  static byte[] fault(int code, String faultString) {
    StringBuilder sb = new StringBuilder(256).append(HEADER).append("<fault>\n");
    value(sb, FaultException.struct(code, faultString));
    sb.append("</fault>\n</methodResponse>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void value(StringBuilder sb, Object v) {
    if (v instanceof String s) {
      sb.append("<value><string>");
      escape(sb, s);
      sb.append("</string></value>\n");
    } else if (v instanceof Boolean b) {
      sb.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>\n");
    } else if (v instanceof Integer n) {
      sb.append("<value><int>").append(n.intValue()).append("</int></value>\n");
    } else if (v instanceof Long n) {
      if (n != n.intValue()) {
        throw new IllegalArgumentException("int exceeds XML-RPC limits: " + n);
      }
      sb.append("<value><int>").append(n.longValue()).append("</int></value>\n");
    } else if (v instanceof Double d) {
      sb.append("<value><double>").append(pythonRepr(d)).append("</double></value>\n");
    } else if (v instanceof List<?> list) {
      sb.append("<value><array><data>\n");
      for (Object o : list) {
        value(sb, o);
      }
      sb.append("</data></array></value>\n");
    } else if (v instanceof Map<?, ?> map) {
      sb.append("<value><struct>\n");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append("<member>\n<name>");
        escape(sb, String.valueOf(e.getKey()));
        sb.append("</name>\n");
        value(sb, e.getValue());
        sb.append("</member>\n");
      }
      sb.append("</struct></value>\n");
    } else {
      throw new IllegalArgumentException("cannot marshal " + (v == null ? "null" : v.getClass().getName()));
    }
  }

  private static String pythonRepr(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("cannot marshal " + d);
    }
    return Double.toString(d);
  }

  static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\r' -> sb.append("&#13;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (allowedInXml(c)) {
            sb.append(c);
          } else {
            sb.append('\uFFFD');
          }
        }
      }
    }
  }

  private static boolean allowedInXml(char c) {
    if (c < 0x20) {
      return c == '\t' || c == '\n';
    }
    return !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
  }
}
