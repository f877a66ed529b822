package dev.jsupervisor.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Output bytes as supervisord puts them in an event payload: decoded as UTF-8, or, when they are
 * not valid UTF-8 (e.g. a character split across two reads), {@code Undecodable: } and Python's
 * {@code repr} of the bytes. Pure functions.
 */
final class PythonText {
  private PythonText() {}

  static String decode(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return "Undecodable: " + bytesRepr(data);
    }
  }

  /** Python 3's {@code repr(bytes)}: {@code b'...'}, or {@code b"..."} when it has ' but no ". */
  static String bytesRepr(byte[] data) {
    boolean single = false;
    boolean dbl = false;
    for (byte b : data) {
      single |= b == '\'';
      dbl |= b == '"';
    }
    char quote = single && !dbl ? '"' : '\'';
    StringBuilder s = new StringBuilder("b").append(quote);
    for (byte b : data) {
      int c = b & 0xff;
      if (c == quote || c == '\\') {
        s.append('\\').append((char) c);
      } else if (c == '\t') {
        s.append("\\t");
      } else if (c == '\n') {
        s.append("\\n");
      } else if (c == '\r') {
        s.append("\\r");
      } else if (c < 0x20 || c >= 0x7f) {
        s.append(String.format("\\x%02x", c));
      } else {
        s.append((char) c);
      }
    }
    return s.append(quote).toString();
  }
}
