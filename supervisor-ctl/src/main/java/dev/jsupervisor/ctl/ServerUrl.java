package dev.jsupervisor.ctl;

/**
 * Where the server listens: {@code http://host[:port]} or {@code unix:///path/to.sock}. Any path
 * after an http authority is ignored, as in supervisorctl (it always posts to {@code /RPC2}).
 *
 * @param text the URL as the user gave it (used in messages such as "refused connection")
 * @param unixPath the socket path for unix URLs, else null
 * @param host host for http URLs, else null
 * @param port port for http URLs (default 80)
 * @param netloc the {@code host[:port]} text as written (empty for unix URLs)
 */
record ServerUrl(String text, String unixPath, String host, int port, String netloc) {

  /**
   * Parses a server URL.
   *
   * @throws IllegalArgumentException with supervisorctl's message for another scheme
   */
  static ServerUrl parse(String text) {
    if (text.startsWith("unix://")) {
      return new ServerUrl(text, text.substring(7), null, 0, "");
    }
    if (text.startsWith("http://")) {
      String rest = text.substring(7);
      int slash = indexOfAny(rest, "/?#");
      String netloc = slash < 0 ? rest : rest.substring(0, slash);
      String hostPort = netloc.substring(netloc.lastIndexOf('@') + 1);
      String host = hostPort;
      int port = 80;
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0 && !hostPort.endsWith("]")) {
        host = hostPort.substring(0, colon);
        String p = hostPort.substring(colon + 1);
        if (!p.isEmpty()) {
          try {
            port = Integer.parseInt(p);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Port could not be cast to integer value as '" + p + "'");
          }
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new ServerUrl(text, null, host.isEmpty() ? "localhost" : host, port, netloc);
    }
    throw new IllegalArgumentException("Unknown protocol for serverurl " + text);
  }

  /** Whether this is a unix-domain socket URL. */
  boolean isUnix() {
    return unixPath != null;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
