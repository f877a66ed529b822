package dev.jsupervisor.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line that starts this JVM again: the same {@code java}, the same JVM flags and the same
 * class path, running {@link SupervisordMain}. Used to detach ({@link Detacher}) and to re-execute with
 * the signals taken over ({@link SignalTakeover}). Flags that came from {@code JAVA_TOOL_OPTIONS} or
 * {@code JDK_JAVA_OPTIONS} are left out: the new JVM reads those variables again itself.
 */
final class JvmCommand {
  private JvmCommand() {}

  /** {@code java <flags> [extraFlags] -cp <class path> dev.jsupervisor.app.SupervisordMain}; arguments follow. */
  static List<String> of(List<String> extraFlags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ownFlags(inputArguments(), System.getenv()));
    cmd.addAll(extraFlags);
    cmd.add("-cp");
    cmd.add(singleJar().map(Path::toString).orElse(System.getProperty("java.class.path")));
    cmd.add(SupervisordMain.class.getName());
    return cmd;
  }

  /** Every JVM flag this JVM was started with, including those from the option variables. */
  static List<String> inputArguments() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
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

  /** The flags of {@code inputArguments} that the environment's option variables do not supply again. */
  static List<String> ownFlags(List<String> inputArguments, Map<String, String> env) {
    Set<String> fromEnv = new HashSet<>();
    for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        fromEnv.addAll(Arrays.asList(value.trim().split("\\s+")));
      }
    }
    List<String> own = new ArrayList<>();
    for (String a : inputArguments) {
      if (!fromEnv.contains(a)) {
        own.add(a);
      }
    }
    return own;
  }
}
