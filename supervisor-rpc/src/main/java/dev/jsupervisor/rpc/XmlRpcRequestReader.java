package dev.jsupervisor.rpc;

import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.common.TypeFactory;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses a {@code methodCall} body into an {@link RpcCall}, defensively.
 *
 * <p>Why this split: Apache XML-RPC 3.1.3's own entry points ({@code XmlRpcStreamServer}) create a
 * SAX parser we cannot configure and its {@code XmlRpcRequestParser} is only a SAX
 * {@code ContentHandler}. So the JDK's built-in SAX parser does the XML work, hardened here (no
 * DOCTYPE at all, so no XXE (CVE-2016-5002) and no entity-expansion bombs; no external entities or
 * DTDs; secure processing), and 3.1.3's {@code XmlRpcRequestParser} only turns the events into Java
 * values, with {@code enabledForExtensions=false}: its type factory then refuses every type in the
 * extensions namespace, {@code ex:serializable} included, so no Java object is ever deserialized
 * (CVE-2016-5003). The client-side CVE-2019-17570 (faults deserialized by the client's response
 * parser) cannot apply: this module never parses responses and does not depend on xmlrpc-client.
 *
 * <p>Also capped: the body size and the element depth (3.1.3 nests one parser object per level and
 * passes every SAX event down the chain, so unbounded nesting would exhaust the stack).
 *
 * <p>Thread-safe; called on HTTP worker threads. A parser is made once and reused (a few idle ones
 * are kept, {@link #POOLED}): building a JDK SAX parser costs more than parsing a small call. A
 * parser whose parse failed is dropped, not reused.
 */
final class XmlRpcRequestReader {

  /** A method call: its name and its parameters as 3.1.3 decodes them. */
  record RpcCall(String methodName, List<Object> params) {}

  /** Default body cap: far above any real call (sendProcessStdin data included), far below harm. */
  static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

  /** Element nesting allowed; a multicall of structs of arrays needs about 15. */
  static final int MAX_DEPTH = 64;

  /** Idle parsers kept for reuse (about one per HTTP worker thread). */
  static final int POOLED = 4;

  private final SAXParserFactory factory;
  private final XmlRpcServerConfigImpl config;
  private final TypeFactory typeFactory;
  private final int maxBytes;
  private final ArrayDeque<XMLReader> idle = new ArrayDeque<>(POOLED); // guarded by itself

  XmlRpcRequestReader(int maxBytes) {
    this.maxBytes = maxBytes;
    this.factory = hardenedFactory();
    this.config = new XmlRpcServerConfigImpl();
    config.setEnabledForExtensions(false);
    config.setEncoding("UTF-8");
    XmlRpcServer controller = new XmlRpcServer();
    controller.setConfig(config);
    this.typeFactory = new TypeFactoryImpl(controller);
  }

  /**
   * Builds the SAX factory or refuses to run at all: a JDK whose parser cannot be hardened must not
   * parse untrusted input.
   */
  static SAXParserFactory hardenedFactory() {
    // newDefaultInstance: the JDK's own parser, whatever else is on the classpath.
    SAXParserFactory f = SAXParserFactory.newDefaultInstance();
    f.setNamespaceAware(true); // 3.1.3 tells types apart by namespace URI
    f.setValidating(false);
    f.setXIncludeAware(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot harden the JDK's SAX parser: " + e.getMessage(), e);
    }
    return f;
  }

  /**
   * Parses one request body.
   *
   * @throws MalformedRequestException for anything that is not a well-formed, safe methodCall with a
   *     non-empty methodName; the message says why, without echoing the body
   */
  RpcCall read(byte[] body) throws MalformedRequestException {
    if (body.length > maxBytes) {
      throw new MalformedRequestException(
          "request body of " + body.length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    XmlRpcRequestParser handler = new XmlRpcRequestParser(config, typeFactory);
    try {
      XMLReader reader = take();
      reader.setContentHandler(new DepthLimitingHandler(handler, MAX_DEPTH));
      reader.parse(new InputSource(new ByteArrayInputStream(body)));
      reader.setContentHandler(IDLE); // drop the reference to this call's values
      give(reader);
    } catch (SAXException | IOException | ParserConfigurationException | RuntimeException e) {
      // RuntimeException: 3.1.3's type parsers throw e.g. NumberFormatException on bad literals.
      throw new MalformedRequestException("unparseable XML-RPC request: " + describe(e));
    }
    String name = handler.getMethodName();
    if (name == null || name.isEmpty()) {
      throw new MalformedRequestException("XML-RPC request has no methodName");
    }
    List<?> raw = handler.getParams();
    return new RpcCall(name, raw == null ? List.of() : Values.normalizeAll(raw));
  }

  /** An idle parser, or a new one (entity resolver and error handler set once). */
  private XMLReader take() throws SAXException, ParserConfigurationException {
    synchronized (idle) {
      XMLReader r = idle.poll();
      if (r != null) {
        return r;
      }
    }
    XMLReader reader;
    synchronized (factory) { // SAXParserFactory is not specified to be thread-safe
      reader = factory.newSAXParser().getXMLReader();
    }
    reader.setEntityResolver(NO_ENTITIES);
    reader.setErrorHandler(STRICT);
    return reader;
  }

  private void give(XMLReader reader) {
    synchronized (idle) {
      if (idle.size() < POOLED) {
        idle.push(reader);
      }
    }
  }

  /** Parsers made so far that are idle now; for tests. */
  int idleParsers() {
    synchronized (idle) {
      return idle.size();
    }
  }

  private static final DefaultHandler IDLE = new DefaultHandler();

  private static final EntityResolver NO_ENTITIES = (publicId, systemId) -> {
    throw new SAXException("external entities are not allowed");
  };

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Turns every parser complaint into an exception instead of the default stderr printing. */
  private static final ErrorHandler STRICT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}
