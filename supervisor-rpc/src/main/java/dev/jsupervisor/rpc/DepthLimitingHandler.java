package dev.jsupervisor.rpc;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;

/**
 * Passes SAX events on to {@code next} but fails the parse once elements nest deeper than
 * {@code maxDepth}, before the next handler sees the offending element. Single-threaded, like any
 * SAX handler.
 */
final class DepthLimitingHandler implements ContentHandler {
  private final ContentHandler next;
  private final int maxDepth;
  private int depth;

  DepthLimitingHandler(ContentHandler next, int maxDepth) {
    this.next = next;
    this.maxDepth = maxDepth;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
    if (++depth > maxDepth) {
      throw new SAXException("elements nested deeper than " + maxDepth + " levels");
    }
    next.startElement(uri, localName, qName, atts);
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    depth--;
    next.endElement(uri, localName, qName);
  }

  @Override
  public void setDocumentLocator(Locator locator) {
    next.setDocumentLocator(locator);
  }

  @Override
  public void startDocument() throws SAXException {
    next.startDocument();
  }

  @Override
  public void endDocument() throws SAXException {
    next.endDocument();
  }

  @Override
  public void startPrefixMapping(String prefix, String uri) throws SAXException {
    next.startPrefixMapping(prefix, uri);
  }

  @Override
  public void endPrefixMapping(String prefix) throws SAXException {
    next.endPrefixMapping(prefix);
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    next.characters(ch, start, length);
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    next.ignorableWhitespace(ch, start, length);
  }

  @Override
  public void processingInstruction(String target, String data) throws SAXException {
    next.processingInstruction(target, data);
  }

  @Override
  public void skippedEntity(String name) throws SAXException {
    next.skippedEntity(name);
  }
}
