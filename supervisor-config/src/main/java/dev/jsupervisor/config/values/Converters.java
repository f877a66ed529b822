package dev.jsupervisor.config.values;

import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Signal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One static method per supervisord datatype ({@code supervisor/datatypes.py}), accepting what it
 * accepts and failing with its words. Stateless; any thread. Every method throws {@link
 * ValueException} with supervisord's message on a bad value.
 */
public final class Converters {
  private static final List<String> TRUTHY = List.of("yes", "true", "on", "1");
  private static final List<String> FALSY = List.of("no", "false", "off", "0");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private Converters() {}

  /** {@code integer}: Python {@code int()}. Values beyond a Java long are rejected. */
  public static long integer(String value) {
    BigInteger v = PythonInt.parse(value, 10).orElseThrow(() -> new ValueException(
        "invalid literal for int() with base 10: " + PythonRepr.of(value)));
    if (v.bitLength() > 63) {
      throw new ValueException(value.strip() + " is out of range");
    }
    return v.longValue();
  }

  /** {@link #integer} narrowed to an int; larger values are rejected (supervisord has no bound). */
  public static int intValue(String value) {
    long v = integer(value);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new ValueException(value.strip() + " is out of range");
    }
    return (int) v;
  }

  /** {@code boolean}: yes/true/on/1 and no/false/off/0 in any case. */
  public static boolean bool(String value) {
    String s = value.toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(s)) {
      return true;
    }
    if (FALSY.contains(s)) {
      return false;
    }
    throw new ValueException("not a valid boolean value: " + PythonRepr.of(value));
  }

  /** {@code byte_size}: an int with an optional KB/MB/GB suffix (×1024 powers), case-insensitive. */
  public static long byteSize(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    long multiplier = 1;
    if (v.length() >= 2) {
      String suffix = v.substring(v.length() - 2);
      multiplier = switch (suffix) {
        case "kb" -> 1024L;
        case "mb" -> 1024L * 1024;
        case "gb" -> 1024L * 1024 * 1024;
        default -> 1;
      };
      if (multiplier != 1) {
        v = v.substring(0, v.length() - 2);
      }
    }
    return Math.multiplyExact(integer(v), multiplier);
  }

  /** {@code octal_type}: Python {@code int(x, 8)}, e.g. {@code 022}, {@code 0o22}. */
  public static int octal(String value) {
    Optional<BigInteger> v = PythonInt.parse(value, 8);
    if (v.isEmpty() || v.get().bitLength() > 31) {
      throw new ValueException(value + " can not be converted to an octal type");
    }
    return v.get().intValue();
  }

  /**
   * {@code signal_number}: a number, or a name with or without {@code SIG} in any case.
   * Numbers Python accepts but Linux has no named signal for (0, 34, 64) are rejected here.
   */
  public static Signal signal(String value) {
    Optional<BigInteger> n = PythonInt.parse(value, 10);
    if (n.isPresent()) {
      Optional<Signal> s = n.get().bitLength() < 31 ? Signal.ofNumber(n.get().intValue()) : Optional.empty();
      return s.orElseThrow(() -> new ValueException(
          "value " + PythonRepr.of(value) + " is not a valid signal number"));
    }
    String name = value.strip();
    Optional<Signal> s = name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)
        ? Optional.empty() : Signal.parse(name);
    return s.orElseThrow(() -> new ValueException(
        "value " + PythonRepr.of(value) + " is not a valid signal name"));
  }

  /**
   * The seed's stop signal list: whitespace-separated signals sent one after another. A single
   * signal is exactly {@link #signal}; a bad element names the whole value as supervisord would.
   */
  public static List<Signal> signals(String value) {
    String[] parts = SPACES.split(value.strip());
    if (parts.length <= 1) {
      return List.of(signal(value));
    }
    List<Signal> out = new ArrayList<>();
    for (String p : parts) {
      try {
        out.add(signal(p));
      } catch (ValueException e) {
        throw new ValueException("value " + PythonRepr.of(value) + " is not a valid signal name");
      }
    }
    return out;
  }

  /** {@code list_of_exitcodes}: comma-separated ints 0–255; empty text gives an empty set. */
  public static Set<Integer> exitCodes(String value) {
    return new LinkedHashSet<>(exitCodeList(value));
  }

  /** {@code list_of_exitcodes} as supervisord keeps it: in the order written, repeats kept. */
  public static List<Integer> exitCodeList(String value) {
    List<Integer> out = new ArrayList<>();
    if (value.isEmpty()) {
      return out;
    }
    for (String part : value.split(",", -1)) {
      Optional<BigInteger> v = PythonInt.parse(part, 10);
      if (v.isEmpty() || v.get().signum() < 0 || v.get().compareTo(BigInteger.valueOf(255)) > 0) {
        throw new ValueException("not a valid list of exit codes: " + PythonRepr.of(value));
      }
      out.add(v.get().intValue());
    }
    return out;
  }

  /** {@code auto_restart}: true/false words or {@code unexpected}. */
  public static RestartPolicy autoRestart(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(v)) {
      return RestartPolicy.ALWAYS;
    }
    if (FALSY.contains(v)) {
      return RestartPolicy.NEVER;
    }
    if (v.equals("unexpected")) {
      return RestartPolicy.UNEXPECTED;
    }
    throw new ValueException("invalid 'autorestart' value " + PythonRepr.of(v));
  }

  /**
   * {@code logging_level}: supervisord's critical, error, warn, info, debug, trace, blather (any
   * case), and the Go port's names as aliases: warning = warn, fatal = panic = critical (trace,
   * debug, info and error are the same words in both).
   */
  public static LogLevel logLevel(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "critical", "fatal", "panic" -> LogLevel.CRIT;
      case "error" -> LogLevel.ERRO;
      case "warn", "warning" -> LogLevel.WARN;
      case "info" -> LogLevel.INFO;
      case "debug" -> LogLevel.DEBG;
      case "trace" -> LogLevel.TRAC;
      case "blather" -> LogLevel.BLAT;
      default -> throw new ValueException("bad logging level name " + PythonRepr.of(value));
    };
  }

  /** {@code process_or_group_name}: stripped; no space, colon or slash. */
  public static String processOrGroupName(String name) {
    String s = name.strip();
    for (char c : new char[] {' ', ':', '/'}) {
      if (s.indexOf(c) >= 0) {
        throw new ValueException("Invalid name: " + PythonRepr.of(name) + " because of character: "
            + PythonRepr.of(String.valueOf(c)));
      }
    }
    return s;
  }

  /** {@code list_of_strings}: comma-separated, each stripped; empty text gives an empty list. */
  public static List<String> listOfStrings(String value) {
    List<String> out = new ArrayList<>();
    if (value == null || value.isEmpty()) {
      return out;
    }
    for (String p : value.split(",", -1)) {
      out.add(p.strip());
    }
    return out;
  }

  /**
   * {@code dict_of_key_value_pairs} of 4.2.5: {@code KEY=val,KEY2="v, w"} tokenized by Python's
   * non-POSIX {@code shlex}, consumed as key, {@code =}, value and one skipped separator.
   */
  public static Map<String, String> keyValuePairs(String value) {
    List<String> tokens = PythonShlex.tokens(value);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i += 4) {
      if (tokens.size() - i < 3 || !tokens.get(i + 1).equals("=")) {
        throw new ValueException("Unexpected end of key/value pairs in value '" + value + "'");
      }
      out.put(tokens.get(i), stripQuotes(tokens.get(i + 2)));
    }
    return out;
  }

  private static String stripQuotes(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && (s.charAt(b) == '\'' || s.charAt(b) == '"')) {
      b++;
    }
    while (e > b && (s.charAt(e - 1) == '\'' || s.charAt(e - 1) == '"')) {
      e--;
    }
    return s.substring(b, e);
  }

  /** {@code os.path.expanduser}: a leading {@code ~} or {@code ~user}. */
  public static String expandUser(String path, String home) {
    if (!path.startsWith("~")) {
      return path;
    }
    int slash = path.indexOf('/');
    String user = slash < 0 ? path.substring(1) : path.substring(1, slash);
    String rest = slash < 0 ? "" : path.substring(slash);
    if (user.isEmpty()) {
      return home == null ? path : home + rest;
    }
    return UserDatabase.SYSTEM.home(user).map(h -> h + rest).orElse(path);
  }

  /** {@code existing_dirpath}: {@code ~} expanded; the directory part, if any, must exist. */
  public static String existingDirpath(String value, String home) {
    String nv = expandUser(value, home);
    int slash = nv.lastIndexOf('/');
    String dir = slash < 0 ? "" : nv.substring(0, slash);
    if (slash == 0) {
      dir = "/";
    }
    if (dir.isEmpty() || Files.isDirectory(Path.of(dir))) {
      return nv;
    }
    throw new ValueException("The directory named as part of the path " + value + " does not exist");
  }

  /** {@code existing_directory}: {@code ~} expanded; must be a directory. */
  public static String existingDirectory(String value, String home) {
    String nv = expandUser(value, home);
    if (!nv.isEmpty() && Files.isDirectory(Path.of(nv))) {
      return nv;
    }
    throw new ValueException(value + " is not an existing directory");
  }

  /** {@code name_to_uid}: a user name or a numeric uid that exists. */
  public static int nameToUid(String name, UserDatabase users) {
    Optional<BigInteger> n = PythonInt.parse(name, 10);
    if (n.isEmpty()) {
      return users.uidOf(name).orElseThrow(() -> new ValueException("Invalid user name " + name));
    }
    if (n.get().bitLength() > 31 || !users.uidExists(n.get().intValue())) {
      throw new ValueException("Invalid user id " + name);
    }
    return n.get().intValue();
  }

  /** {@code name_to_gid}: a group name or a numeric gid that exists. */
  public static int nameToGid(String name, UserDatabase users) {
    Optional<BigInteger> n = PythonInt.parse(name, 10);
    if (n.isEmpty()) {
      return users.gidOf(name).orElseThrow(() -> new ValueException("Invalid group name " + name));
    }
    if (n.get().bitLength() > 31 || !users.gidExists(n.get().intValue())) {
      throw new ValueException("Invalid group id " + name);
    }
    return n.get().intValue();
  }

  /** {@code colon_separated_user_group}: {@code user} or {@code user:group}; returns {uid, gid or -1}. */
  public static int[] userGroup(String value, UserDatabase users) {
    try {
      int colon = value.indexOf(':');
      if (colon < 0) {
        return new int[] {nameToUid(value, users), -1};
      }
      return new int[] {nameToUid(value.substring(0, colon), users), nameToGid(value.substring(colon + 1), users)};
    } catch (ValueException e) {
      throw new ValueException("Invalid user:group definition " + value);
    }
  }

  /** {@code port_number}: 1–65535. */
  public static int portNumber(String value) {
    long v = integer(value);
    if (v < 1) {
      throw new ValueException(v + " is below lower bound (1)");
    }
    if (v > 0xffff) {
      throw new ValueException(v + " is above upper bound (65535)");
    }
    return (int) v;
  }

  /** {@code inet_address}: {@code port}, {@code :port}, {@code *:port} or {@code host:port}; host "" = all. */
  public static Map.Entry<String, Integer> inetAddress(String value) {
    String host = "";
    int port;
    int colon = value.lastIndexOf(':');
    if (colon >= 0) {
      host = value.substring(0, colon);
      String p = value.substring(colon + 1);
      if (p.isEmpty()) {
        throw new ValueException("no port number specified in " + PythonRepr.of(p));
      }
      port = portNumber(p);
      host = host.toLowerCase(Locale.ROOT);
    } else {
      try {
        port = portNumber(value);
      } catch (ValueException e) {
        throw new ValueException("not a valid port number: " + PythonRepr.of(value) + " ");
      }
    }
    if (host.equals("*")) {
      host = "";
    }
    return Map.entry(host, port);
  }

  /** A command line split as a POSIX shell would ({@code shlex.split}); no shell runs it. */
  public static List<String> commandLine(String value) {
    return PosixSplit.split(value);
  }

  /** {@code url}: needs a scheme and a host or path. */
  public static String url(String value) {
    int colon = value.indexOf(':');
    boolean schemeOk = colon > 0 && Character.isLetter(value.charAt(0))
        && value.substring(0, colon).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    if (schemeOk && colon + 1 < value.length()) {
      return value;
    }
    throw new ValueException("value " + PythonRepr.of(value) + " is not a URL");
  }
}
