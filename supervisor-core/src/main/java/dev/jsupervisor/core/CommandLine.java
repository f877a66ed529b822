package dev.jsupervisor.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@code command=} line into an argv the way supervisord does: Python's
 * {@code shlex.split(command)} (POSIX mode, no comments), then {@code argv[0]} resolved on the PATH
 * and checked (exists, not a directory, has an exec bit, {@code access(X_OK)}). No shell runs it.
 * Stateless; any thread.
 */
final class CommandLine {
  static final String DEFAULT_PATH = "/bin:/usr/bin:/usr/local/bin";
  private static final Set<PosixFilePermission> EXEC_BITS = EnumSet.of(
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

  private CommandLine() {}

  /** Why a command cannot run, with supervisord's text and the fault it maps to. */
  static final class BadCommandException extends Exception {
    private final ControlException.Reason reason;

    BadCommandException(ControlException.Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    ControlException.Reason reason() {
      return reason;
    }

    ControlException toControlException() {
      return new ControlException(reason, getMessage());
    }
  }

  /**
   * Splits and resolves {@code command}.
   *
   * @param searchPath the PATH to search when argv[0] has no '/' (null or empty → the default)
   * @return argv whose first element is the resolved file name
   */
  static List<String> resolve(String command, String searchPath) throws BadCommandException {
    List<String> argv;
    try {
      argv = split(command);
    } catch (IllegalArgumentException e) {
      throw new BadCommandException(ControlException.Reason.NOT_EXECUTABLE,
          "can't parse command " + pyRepr(command) + ": " + e.getMessage());
    }
    return resolveArgv(argv, searchPath);
  }

  /** {@link #resolve} for a command already split into {@code argv}. */
  static List<String> resolveArgv(List<String> argv, String searchPath) throws BadCommandException {
    if (argv.isEmpty()) {
      throw new BadCommandException(ControlException.Reason.NOT_EXECUTABLE, "command is empty");
    }
    String program = argv.get(0);
    String filename = program;
    PosixFileAttributes st = null;
    if (program.contains("/")) {
      st = stat(program);
    } else {
      String path = searchPath == null || searchPath.isEmpty() ? DEFAULT_PATH : searchPath;
      for (String dir : path.split(":", -1)) {
        String candidate = dir.isEmpty() ? program : (dir.endsWith("/") ? dir + program : dir + "/" + program);
        st = stat(candidate);
        if (st != null) {
          filename = candidate;
          break;
        }
      }
    }
    check(filename, st);
    List<String> out = new ArrayList<>(argv);
    out.set(0, filename);
    return out;
  }

  private static void check(String filename, PosixFileAttributes st) throws BadCommandException {
    if (st == null) {
      throw new BadCommandException(ControlException.Reason.NO_FILE, "can't find command " + pyRepr(filename));
    }
    if (st.isDirectory()) {
      throw new BadCommandException(ControlException.Reason.NOT_EXECUTABLE,
          "command at " + pyRepr(filename) + " is a directory");
    }
    if (st.permissions().stream().noneMatch(EXEC_BITS::contains)) {
      throw new BadCommandException(ControlException.Reason.NOT_EXECUTABLE,
          "command at " + pyRepr(filename) + " is not executable");
    }
    if (!Files.isExecutable(Path.of(filename))) {
      throw new BadCommandException(ControlException.Reason.NOT_EXECUTABLE,
          "no permission to run command " + pyRepr(filename));
    }
  }

  private static PosixFileAttributes stat(String file) {
    try {
      return Files.readAttributes(Path.of(file), PosixFileAttributes.class);
    } catch (IOException | RuntimeException e) {
      // Like os.stat raising OSError: treated as "not there".
      return null;
    }
  }

  /**
   * Python's {@code shlex.split(s)}: POSIX rules, whitespace-separated words, single quotes literal,
   * double quotes with backslash escaping only {@code "} and {@code \}, {@code #} not a comment.
   *
   * @throws IllegalArgumentException {@code No closing quotation} or {@code No escaped character}
   */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          token.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\') {
          if (i >= s.length()) {
            throw new IllegalArgumentException("No escaped character");
          }
          char n = s.charAt(i++);
          if (n != '"' && n != '\\') {
            token.append('\\');
          }
          token.append(n);
        } else {
          token.append(c);
        }
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (inToken) {
          out.add(token.toString());
          token.setLength(0);
          inToken = false;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inToken = true;
      } else if (c == '\\') {
        if (i >= s.length()) {
          throw new IllegalArgumentException("No escaped character");
        }
        token.append(s.charAt(i++));
        inToken = true;
      } else {
        token.append(c);
        inToken = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("No closing quotation");
    }
    if (inToken) {
      out.add(token.toString());
    }
    return out;
  }

  /** Python's {@code repr(str)}, as supervisord's messages use {@code %r}. */
  static String pyRepr(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == q || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(q).toString();
  }
}
