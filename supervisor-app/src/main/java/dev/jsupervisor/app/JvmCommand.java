package dev.jsupervisor.app;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line that starts this JVM again: the same {@code java}, the same JVM flags and the same
 * class path, running {@link SupervisordMain}. Used to detach ({@link Detacher}) and to re-execute with
 * the signals taken over ({@link SignalTakeover}). Flags that came from {@code JAVA_TOOL_OPTIONS},
 * {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS} are left out: the new JVM reads those variables
 * again itself.
 *
 * <p>The flags are read from the launcher's own command line ({@code /proc/self/cmdline}) and the
 * option variables, not from the runtime MXBean: java.management costs the JVM that only re-executes
 * itself about 30 ms of CPU (a fifth of that JVM), and it starts the JDK's lambda machinery, which this
 * class and its callers otherwise never link. Where the command line is not plain enough to read
 * exactly (an {@code @argfile}, a {@code -XX:Flags=} or {@code -XX:VMOptionsFile=} file, no
 * {@code /proc}) the MXBean's list is used as before. Main thread; no lambdas here, for the same reason.
 */
final class JvmCommand {
  /** Launcher options whose value is the next argument (JDK 17's {@code java.c}), besides the class path's. */
  private static final Set<String> TAKES_A_VALUE = Set.of("--module-path", "-p", "--upgrade-module-path",
      "--add-modules", "--enable-native-access", "--limit-modules", "--add-exports", "--add-opens",
      "--add-reads", "--patch-module", "--describe-module", "-d", "--source");
  private static final Set<String> CLASS_PATH = Set.of("-cp", "-classpath", "--class-path");
  /** Launcher options that print something and go on: the first JVM has printed it already. */
  private static final Set<String> SHOWN_ONCE = Set.of("-showversion", "--show-version");
  private static final String[] OPTION_VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"};

  private JvmCommand() {}

  /**
   * The user's JVM flags: {@code commandLine} to repeat on the new JVM's command line, {@code all} (the
   * option variables' too) to decide by which flags the user has set already.
   */
  record UserFlags(List<String> commandLine, List<String> all) {}

  /** {@code java <flags> [extraFlags] -cp <class path> dev.jsupervisor.app.SupervisordMain}; arguments follow. */
  static List<String> of(List<String> extraFlags) {
    return of(userFlags(), extraFlags);
  }

  /** As {@link #of(List)}, with the user's flags read already. */
  static List<String> of(UserFlags user, List<String> extraFlags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(user.commandLine());
    cmd.addAll(extraFlags);
    cmd.add("-cp");
    Optional<Path> jar = singleJar();
    cmd.add(jar.isPresent() ? jar.get().toString() : System.getProperty("java.class.path"));
    cmd.add(SupervisordMain.class.getName());
    return cmd;
  }

  /** This JVM's user flags; see the class comment for where they are read from. */
  static UserFlags userFlags() {
    Map<String, String> env = System.getenv();
    List<String> fromVariables = optionVariables(env);
    List<String> line = launcherFlags(ownCommandLine());
    if (line == null || namesAFlagsFile(fromVariables)) {
      List<String> input = ManagementFactory.getRuntimeMXBean().getInputArguments();
      return new UserFlags(ownFlags(input, env), input);
    }
    List<String> all = new ArrayList<>(fromVariables);
    all.addAll(line);
    return new UserFlags(line, all);
  }

  /**
   * The JVM flags of a {@code java} launcher's {@code argv}: the options before the main class,
   * {@code -jar} or {@code -m}, without the class path option and its value. Null when they cannot be
   * told exactly without the launcher: an {@code @argfile} or a flags file among them, or no main class.
   */
  static List<String> launcherFlags(List<String> argv) {
    if (argv == null || argv.isEmpty()) {
      return null;
    }
    List<String> flags = new ArrayList<>();
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-jar") || a.equals("-m") || a.equals("--module") || a.startsWith("--module=")) {
        return flags;
      }
      if (a.startsWith("@") || a.equals("--disable-@files") || isFlagsFile(a)) {
        return null;
      }
      if (!a.startsWith("-")) {
        return flags; // the main class
      }
      if (CLASS_PATH.contains(a)) {
        i++;
      } else if (TAKES_A_VALUE.contains(a)) {
        if (i + 1 < argv.size()) {
          flags.add(a);
          flags.add(argv.get(++i));
        }
      } else if (!SHOWN_ONCE.contains(a) && !a.startsWith("-XshowSettings")) {
        flags.add(a);
      }
    }
    return null;
  }

  /** This process's argv, from {@code /proc/self/cmdline}; null without it. */
  static List<String> ownCommandLine() {
    byte[] b;
    try (FileInputStream in = new FileInputStream("/proc/self/cmdline")) { // java.io: loaded already
      b = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    List<String> argv = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        argv.add(new String(b, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return argv;
  }

  /** The flags of the option variables, split at white space as the JVM splits them. */
  static List<String> optionVariables(Map<String, String> env) {
    List<String> flags = new ArrayList<>();
    for (String variable : OPTION_VARIABLES) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        for (String f : value.trim().split("[ \t\n]+")) {
          flags.add(f);
        }
      }
    }
    return flags;
  }

  private static boolean namesAFlagsFile(List<String> flags) {
    for (String f : flags) {
      if (isFlagsFile(f)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFlagsFile(String flag) {
    return flag.startsWith("-XX:Flags=") || flag.startsWith("-XX:VMOptionsFile=");
  }

  /**
   * The jar this JVM runs from, as a real absolute path, when the class path is that one jar
   * ({@code java -jar supervisord.jar}, the launchers). Absolute, so that the new JVM finds it after
   * a change of directory and the class-data-sharing archive recorded for it matches.
   */
  static Optional<Path> singleJar() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.isEmpty() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(cp).toRealPath());
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The flags of the MXBean's {@code inputArguments} that the option variables do not supply again. */
  static List<String> ownFlags(List<String> inputArguments, Map<String, String> env) {
    Set<String> fromEnv = new HashSet<>(optionVariables(env));
    List<String> own = new ArrayList<>();
    for (String a : inputArguments) {
      if (!fromEnv.contains(a)) {
        own.add(a);
      }
    }
    return own;
  }
}
