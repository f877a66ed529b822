package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's launch command ({@code java -jar supervisord.jar -c FILE}) on the packaged jar: the
 * daemon's JVM carries the flags that keep it small and quiet, maps the class-data-sharing archive
 * and jffi's stub library written next to the jar at package time, and keeps only its known threads at
 * idle. Run by failsafe after
 * {@code package}, with {@code jsupervisor.jar} naming the jar; fails when a refactor bypasses the
 * tuning (a launcher, the manifest, the re-execution) or a new thread appears.
 */
final class LaunchCommandIT {
  /** Threads of the JVM itself (names as /proc shows them, cut to 15 characters). */
  private static final Set<String> JVM_THREADS = Set.of("java", "VM Thread", "Reference Handl", "Finalizer",
      "Signal Dispatch", "Attach Listener", "Service Thread", "Monitor Deflati", "C1 CompilerThre",
      "Sweeper thread", "Native Heap Tri", "Notification Th", "VM Periodic Tas", "Common-Cleaner");

  /**
   * Our threads at idle: the engine's loop and I/O thread, the web server's one I/O thread (every
   * listener and connection), and a JDK {@code Cleaner}'s reference thread (not Common-Cleaner; no
   * class of the jar creates one). The main thread (in "java") reads the signals. jnr-ffi's finalizer
   * of native memory is gone with jnr-ffi ({@link #noJnrFfiClassAtStart}).
   */
  private static final Set<String> OUR_IDLE_THREADS = Set.of("supervisor-loop", "supervisor-io",
      "web I/O", "Cleaner-0");

  @TempDir Path dir;
  private DaemonProcess daemon;

  @BeforeEach
  void start() throws Exception {
    StringBuilder programs = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      programs.append("[program:p").append(i).append("]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
    }
    Path conf = DaemonProcess.writeConfig(dir, programs.toString());
    daemon = DaemonProcess.jar(dir, conf, Path.of(System.getProperty("jsupervisor.jar")));
    daemon.awaitState("p4", "RUNNING", Duration.ofSeconds(60)); // programs start in order
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  void theDaemonsJvmIsTunedAndMapsTheArchive() throws Exception {
    List<String> cmdline = Arrays.asList(
        new String(Files.readAllBytes(Path.of("/proc", Long.toString(daemon.pid()), "cmdline")),
            StandardCharsets.UTF_8).split("\0"));
    assertThat(cmdline).contains("-Xrs", "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-XX:GuaranteedSafepointInterval=0", "-XX:AsyncDeflationInterval=0",
        "-XX:MaxHeapFreeRatio=40", "-Djnr.ffi.x86asm.enabled=false");
    Path archive = Path.of(System.getProperty("jsupervisor.jar")).toRealPath().resolveSibling("supervisord.jsa");
    assertThat(cmdline).contains("-XX:SharedArchiveFile=" + archive);
    // jffi's stub library is loaded from beside the jar (written at package time), not extracted again
    assertThat(cmdline).contains("-D" + JffiStub.PROPERTY + "=" + archive.getParent());
    // the JVM maps an archive it accepted; one built for another jar is silently ignored. The archive is
    // static (the JDK's classes in it too): the JDK's own classes.jsa is not mapped beside it.
    String maps = Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "maps"));
    assertThat(maps).contains(archive.toString(), archive.resolveSibling(JffiStub.FILE).toString());
    Path jdkArchives = Path.of(System.getProperty("java.home")).toRealPath().resolve("lib/server/classes");
    assertThat(maps).doesNotContain(jdkArchives.toString()); // classes.jsa, classes_nocoops.jsa
  }

  @Test
  void onlyKnownThreadsAtIdle() throws Exception {
    assertThat(daemon.ctl("status").exitCode()).isEqualTo(0); // wakes the web worker pool once
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Set<String> ours = ourThreads();
    while (System.nanoTime() - deadline < 0 && !OUR_IDLE_THREADS.containsAll(ours)) {
      Thread.sleep(500); // idle worker threads end after WebServer.WORKER_KEEPALIVE_MILLIS
      ours = ourThreads();
    }
    assertThat(ours).as("threads of ours at idle (JVM threads: %s)", JVM_THREADS).isEqualTo(OUR_IDLE_THREADS);
  }

  /**
   * The daemon's C calls go through jffi directly (CFunction): jnr-ffi, its run-time code generation
   * with ASM and its finalizer thread cost some 300 classes and 60 ms at start. Only user switching
   * (jnr-posix's user lookup) still loads jnr-ffi; this config switches no user.
   */
  @Test
  void noJnrFfiClassAtStart() throws Exception {
    assertThat(daemon.ctl("status").exitCode()).isEqualTo(0);
    assertThat(loadedClasses("com.kenai.jffi.")).as("jffi classes").isPositive();
    assertThat(loadedClasses("jnr.ffi.")).as("jnr-ffi classes").isZero();
    assertThat(loadedClasses("org.objectweb.asm.")).as("ASM classes").isZero();
  }

  /**
   * No record's generated equals, hashCode or toString runs at start-up or for supervisorctl's
   * status: the first such call links java.lang.runtime.ObjectMethods, which spins method-handle
   * classes that the archive cannot hold (supervisor-core's ARCHITECTURE, "What start-up pays for").
   * A record used as a key on that path writes its equals and hashCode out, as ProcessName does.
   */
  @Test
  void noRecordMethodLinkedAtStartOrForStatus() throws Exception {
    assertThat(daemon.ctl("status").exitCode()).isEqualTo(0);
    assertThat(loadedClasses("java.lang.runtime.ObjectMethods")).as("ObjectMethods loaded").isZero();
  }

  /**
   * The JVM that only re-executes itself runs with the JDK's defaults, at every start: it reads the
   * user's flags without java.management (~30 ms of its CPU), formats jffi's library name without the
   * JDK's locale data, and links no lambda of ours.
   */
  @Test
  void theJvmThatReExecutesItselfStaysLean() throws Exception {
    Path lean = Files.createDirectory(dir.resolve("lean"));
    Path conf = DaemonProcess.writeConfig(lean, "");
    Path out = lean.resolve("classes.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load:stdout", "-jar", System.getProperty("jsupervisor.jar"), "-c", conf.toString())
        .redirectOutput(out.toFile()).redirectError(lean.resolve("stderr.txt").toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
      while (!new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains("-Xrs")) {
        assertThat(System.nanoTime() - deadline).as("re-executed within 60 s").isNegative();
        Thread.sleep(10);
      }
    } finally {
      p.destroy();
      assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    List<String> loaded = Files.readAllLines(out).stream().filter(l -> l.contains("[class,load] "))
        .map(l -> l.substring(l.indexOf("[class,load] ") + 13).split(" ")[0]).toList();
    int second = loaded.subList(1, loaded.size()).indexOf("java.lang.Object") + 1; // each JVM loads it first
    List<String> first = second > 0 ? loaded.subList(0, second) : loaded;
    assertThat(first).first().isEqualTo("java.lang.Object");
    assertThat(first).contains("dev.jsupervisor.app.SignalTakeover", "dev.jsupervisor.app.ExecCalls")
        .noneMatch(c -> c.startsWith("java.lang.management.") || c.equals("java.text.DecimalFormatSymbols")
            || c.startsWith("java.util.stream.") || c.startsWith("dev.jsupervisor.") && c.contains("$$Lambda"));
  }

  @Test
  void noMeterLibraryIsLoadedUntilTheFirstScrape() throws Exception {
    assertThat(daemon.ctl("status").exitCode()).isEqualTo(0);
    assertThat(loadedClasses("io.micrometer.")).as("Micrometer classes before any scrape").isZero();
    // nothing registers a JMX bean at start-up (XNIO's worker and jboss-threads' pool did: the
    // platform MBean server is some 150 classes in the archive and in memory)
    assertThat(loadedClasses("javax.management.")).as("JMX classes before any scrape").isZero();
    String scrape = run("/usr/bin/python3", "-c", String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])",
        "s.sendall(b'GET /metrics HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n')",
        "out = b''",
        "while True:",
        "    b = s.recv(65536)",
        "    if not b: break",
        "    out += b",
        "sys.stdout.write(out.decode())"), daemon.socket.toString());
    assertThat(scrape).startsWith("HTTP/1.0 200").contains("supervisor_info{", "node_supervisord_up{",
        "supervisor_process_state_transitions_total{", "jvm_memory_used_bytes{");
    assertThat(loadedClasses("io.micrometer.")).as("Micrometer classes after a scrape").isPositive();
  }

  /** How many loaded classes of the daemon's JVM have names starting with {@code prefix}. */
  private long loadedClasses(String prefix) throws Exception {
    String path = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    return run(path, Long.toString(daemon.pid()), "VM.class_hierarchy").lines()
        .map(l -> l.replaceFirst("^[|\\s-]*", "")).filter(l -> l.startsWith(prefix)).count();
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private Set<String> ourThreads() throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(daemon.pid()), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          names.add(Files.readString(t.resolve("comm")).strip());
        } catch (java.io.IOException e) {
          // ended meanwhile
        }
      }
    }
    names.removeAll(JVM_THREADS);
    return names;
  }
}
