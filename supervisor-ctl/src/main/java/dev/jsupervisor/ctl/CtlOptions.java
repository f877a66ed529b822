package dev.jsupervisor.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * supervisorctl's settings after the command line and the config file are merged, in the seed's
 * order: {@code -s/-u/-p} win, then the {@code [supervisorctl]} section of {@code -c FILE} or of
 * the first autodetected config file, then {@code http://localhost:9001}.
 *
 * <p>Mutable because {@code open URL} and the interactive password prompt change the target, as
 * in supervisorctl. Used by one thread.
 */
final class CtlOptions {
  static final String DEFAULT_URL = "http://localhost:9001";

  String serverurl;
  String username;
  String password;
  String prompt = "supervisor";
  String historyFile;
  boolean interactive;
  String configFile;
  List<String> args = List.of();

  /** Thrown for a usage error: {@code Error: <message>} and exit 2, as supervisorctl does. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** Thrown for {@code -h}: print the usage text and exit 0. */
  static final class HelpRequested extends Exception {
    HelpRequested() {
      super("help");
    }
  }

  /**
   * Parses the command line (getopt rules: options stop at the first operand) and reads the
   * config file.
   *
   * @param searchPaths config files tried in order when {@code -c} is absent
   * @param env environment for {@code %(ENV_X)s} expansions
   */
  static CtlOptions parse(String[] argv, List<Path> searchPaths, Map<String, String> env)
      throws UsageException, HelpRequested {
    CtlOptions o = new CtlOptions();
    GetOpt g = new GetOpt(argv);
    String cliUrl = null;
    String cliUser = null;
    String cliPass = null;
    String cliHistory = null;
    boolean cliInteractive = false;
    for (String[] opt = g.next(); opt != null; opt = g.next()) {
      String name = opt[0];
      String value = opt[1];
      switch (name) {
        case "-h", "--help", "-?" -> throw new HelpRequested();
        case "-i", "--interactive" -> cliInteractive = true;
        case "-c", "--configuration" -> o.configFile = checkUnset(o.configFile, name, value);
        case "-s", "--serverurl" -> cliUrl = checkUnset(cliUrl, name, checkUrl(name, value));
        case "-u", "--username" -> cliUser = checkUnset(cliUser, name, value);
        case "-p", "--password" -> cliPass = checkUnset(cliPass, name, value);
        case "-r", "--history_file" -> cliHistory = checkUnset(cliHistory, name, value);
        default -> throw new UsageException("option " + name + " not recognized");
      }
    }
    o.args = g.operands();
    if (o.configFile == null) {
      for (Path p : searchPaths) {
        if (Files.exists(p)) {
          o.configFile = p.toString();
          break;
        }
      }
    }
    if (o.configFile != null) {
      o.readConfig(Path.of(o.configFile), env);
    }
    o.serverurl = cliUrl != null ? cliUrl : o.serverurl != null ? o.serverurl : DEFAULT_URL;
    o.username = cliUser != null ? cliUser : o.username;
    o.password = cliPass != null ? cliPass : o.password;
    o.historyFile = cliHistory != null ? cliHistory : o.historyFile;
    o.interactive = cliInteractive || o.args.isEmpty();
    return o;
  }

  private static String checkUnset(String current, String opt, String value) throws UsageException {
    if (current != null) {
      throw new UsageException("conflicting command line option '" + opt + "'");
    }
    return value;
  }

  /** supervisord's {@code url} datatype: a scheme and a netloc or path. */
  private static String checkUrl(String opt, String value) throws UsageException {
    int colon = value.indexOf(':');
    boolean ok = colon > 0 && Character.isLetter(value.charAt(0));
    for (int i = 0; ok && i < colon; i++) {
      char c = value.charAt(i);
      ok = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
    }
    String rest = ok ? value.substring(colon + 1) : "";
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
    }
    if (!ok || rest.isEmpty()) {
      throw new UsageException(
          "invalid value for " + opt + " '" + value + "': value '" + value + "' is not a URL");
    }
    return value;
  }

  private void readConfig(Path file, Map<String, String> env) throws UsageException {
    if (!Files.exists(file)) {
      throw new UsageException("could not find config file " + file);
    }
    IniFile ini;
    try {
      ini = IniFile.read(file);
    } catch (IOException e) {
      throw new UsageException("could not read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> section = ini.section("supervisorctl");
    if (section == null) {
      throw new UsageException(".ini file does not include supervisorctl section");
    }
    String here = file.toAbsolutePath().normalize().getParent().toString();
    IniFile.Expander plain = new IniFile.Expander(env, null, "supervisorctl");
    IniFile.Expander withHere = new IniFile.Expander(env, here, "supervisorctl");
    String url = withHere.expand("serverurl", section.getOrDefault("serverurl", DEFAULT_URL));
    if (url.startsWith("unix://")) {
      url = "unix://" + Path.of(url.substring(7)).toAbsolutePath().normalize();
    }
    serverurl = url;
    if (section.containsKey("prompt")) {
      prompt = plain.expand("prompt", section.get("prompt"));
    }
    if (section.containsKey("username")) {
      username = plain.expand("username", section.get("username"));
    }
    if (section.containsKey("password")) {
      password = plain.expand("password", section.get("password"));
    }
    String history = section.get("history_file");
    if (history != null && !history.isEmpty()) {
      historyFile = Path.of(withHere.expand("history_file", history)).toAbsolutePath().normalize().toString();
    }
  }
}
