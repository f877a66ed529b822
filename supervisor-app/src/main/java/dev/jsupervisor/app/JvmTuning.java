package dev.jsupervisor.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags a small, long-running daemon wants, added when the daemon re-executes its JVM
 * ({@link SignalTakeover}), so that the README's plain {@code java -jar supervisord.jar} gets them.
 * The JVM's defaults suit a large application server: a heap of a quarter of the machine's memory,
 * a parallel collector with threads of its own, two JIT compilers, and periodic VM work (perf-data
 * sampling every 50 ms, a safepoint every second, monitor deflation four times a second) that wakes
 * an idle daemon about 30 times a second.
 *
 * <p>Each flag belongs to a group, and a group is left out when the user already set one of its
 * flags (in {@code JAVA_OPTS} of the launcher, on the {@code java} command line, or in
 * {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}): the user's choice wins. Off entirely with
 * {@code -Djsupervisor.tune=false}. Called once, on the main thread, before the re-execution: in the
 * JVM that only re-executes itself, which runs with the JDK's defaults, so this class uses no lambda,
 * stream or regular expression (each would link or load a few dozen JDK classes there).
 */
final class JvmTuning {
  /** System property: {@code false} adds no flags. */
  static final String PROPERTY = "jsupervisor.tune";

  /** The class-data-sharing archive built next to the jar at package time. */
  static final String ARCHIVE_SUFFIX = ".jsa";

  /**
   * One group of flags and the option names that mean the user has decided this group already.
   * Names are matched as prefixes of a flag with its {@code -XX:[+-]} stripped.
   */
  private record Group(List<String> flags, List<String> userSets) {}

  private static final List<Group> GROUPS = List.of(
      // the heap: starts small and grows with the work (live data is ~10 MB for 500 programs);
      // the serial collector has no threads of its own and never touches more than it needs.
      new Group(List.of("-Xms8m", "-Xmx256m"),
          List.of("-Xms", "-Xmx", "MaxHeapSize", "InitialHeapSize", "MaxRAM", "InitialRAM", "MinRAM")),
      new Group(List.of("-XX:+UseSerialGC"), List.of("UseSerialGC", "UseParallelGC", "UseG1GC",
          "UseZGC", "UseShenandoahGC", "UseEpsilonGC")),
      // after a full collection give back what is more than 40 % free (the JVM's default is 70 %):
      // start-up's garbage otherwise stays committed and resident (500 idle programs: 83.6 -> 81.8 MB;
      // a lower MinHeapFreeRatio as well saved more but cost start-up CPU: more collections while growing)
      new Group(List.of("-XX:MaxHeapFreeRatio=40"), List.of("MaxHeapFreeRatio", "MinHeapFreeRatio")),
      // one JIT compiler thread, C1 only: a supervisor's hot paths are system calls, and C2's
      // compilation arenas cost more memory than its code saves time here.
      new Group(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"),
          List.of("TieredStopAtLevel", "CICompilerCount", "TieredCompilation", "-Xint", "-Xcomp")),
      // no perf-data file in /tmp and no sampler waking 20 times a second (jstat/jps do not see us)
      new Group(List.of("-XX:-UsePerfData"), List.of("UsePerfData")),
      // jnr-ffi (loaded only when jnr-posix looks a user up: the daemon's own calls go through jffi
      // directly) calls through jffi's generic invoker, not through x86 stubs it assembles itself: the
      // assembler's 8 KB method is what C1 compiles at start-up, and its 13 MB of compiler arenas stay
      // resident until the next native-heap trim (200 programs: 85 -> 72 MB when all are RUNNING);
      // a native call costs a few hundred nanoseconds more, next to a spawn's milliseconds
      new Group(List.of("-Djnr.ffi.x86asm.enabled=false"), List.of("-Djnr.ffi.x86asm.enabled")),
      // no safepoint every second and no monitor-deflation check every 250 ms when nothing happens
      new Group(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0",
          "-XX:AsyncDeflationInterval=0"), List.of("GuaranteedSafepointInterval", "AsyncDeflationInterval")),
      // give freed C heap back to the OS every 10 s: start-up and every burst of short-lived HTTP
      // threads leave 10-15 MB freed but resident in glibc's arenas (measured at 200 programs)
      new Group(List.of("-XX:TrimNativeHeapInterval=10000"), List.of("TrimNativeHeapInterval")));

  private JvmTuning() {}

  /**
   * The flags to add for a JVM started with {@code given} flags: every group the user has not
   * decided. Empty when the property says {@code false}.
   */
  static List<String> flags(List<String> given) {
    if (off()) {
      return List.of();
    }
    List<String> flags = new ArrayList<>();
    for (Group g : GROUPS) {
      if (!setsAny(given, g.userSets())) {
        flags.addAll(g.flags());
      }
    }
    return flags;
  }

  private static boolean setsAny(List<String> given, List<String> names) {
    for (String name : names) {
      if (setsOption(given, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code -XX:SharedArchiveFile=…} for the static class-data-sharing archive built for {@code jar}
   * ({@link CdsTraining}), unless the user chose class data sharing flags themselves, there is no
   * archive, it is older than the jar, or the property says {@code false}. The archive holds the JDK's
   * classes too and is used instead of the JDK's own {@code classes.jsa}. The JVM checks the rest (the
   * jar's path, size and time, the JDK build: {@code -Xshare:auto}, the default) and, when the archive
   * does not fit, runs without class data sharing at all, the JDK's archive included, e.g. after jar and
   * archive were moved elsewhere (then build the archive again where the jar is, or delete it); its
   * message about that is switched off.
   */
  static List<String> archiveFlags(List<String> given, Optional<Path> jar) {
    if (off() || setsOption(given, "-Xshare") || setsOption(given, "SharedArchiveFile")) {
      return List.of();
    }
    Optional<Path> archive = archiveFor(jar);
    if (archive.isEmpty() || olderThan(archive.get(), jar.get())) {
      return List.of();
    }
    return List.of("-XX:SharedArchiveFile=" + archive.get(), "-Xlog:cds=off");
  }

  private static boolean olderThan(Path archive, Path jar) {
    try {
      return Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static boolean off() {
    return "false".equals(System.getProperty(PROPERTY));
  }

  /** The archive {@code supervisord.jsa} built next to {@code supervisord.jar}, if there is one. */
  static Optional<Path> archiveFor(Optional<Path> jar) {
    if (jar.isEmpty() || !jar.get().getFileName().toString().endsWith(".jar")) {
      return Optional.empty();
    }
    String name = jar.get().getFileName().toString();
    Path archive = jar.get().resolveSibling(name.substring(0, name.length() - ".jar".length()) + ARCHIVE_SUFFIX);
    return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
  }

  private static boolean setsOption(List<String> given, String name) {
    for (String flag : given) {
      String bare = flag;
      if (flag.startsWith("-XX:")) {
        bare = flag.startsWith("-XX:+") || flag.startsWith("-XX:-") ? flag.substring(5) : flag.substring(4);
      }
      if (bare.startsWith(name)) {
        return true;
      }
    }
    return false;
  }
}
