package dev.jsupervisor.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    cmd.addAll(ownFlags(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv()));
    cmd.addAll(extraFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SupervisordMain.class.getName());
    return cmd;
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
