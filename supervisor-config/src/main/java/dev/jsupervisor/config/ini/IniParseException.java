package dev.jsupervisor.config.ini;

/**
 * A file that is not INI. The message is exactly Python's {@code ParsingError} /
 * {@code MissingSectionHeaderError} text, which supervisord prints after {@code Error: }.
 */
public final class IniParseException extends Exception {
  private final String displayFile;
  private final int line;

  IniParseException(String message, String displayFile, int line) {
    super(message);
    this.displayFile = displayFile;
    this.line = line;
  }

  /** The file as named in the message. */
  public String displayFile() {
    return displayFile;
  }

  /** The first bad line (1-based). */
  public int line() {
    return line;
  }
}
