package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code getAllConfigInfo} of Python supervisord 4.2.5 and of ours on the same configs, field by
 * field: configs in the style of public projects (Docker images, Ansible roles, Laravel/Django/celery
 * worker docs, groups, event listeners, fcgi programs, expansions, includes, odd paths), in
 * {@code src/test/resources/configinfo}. Values are compared as Python's client sees them
 * ({@code repr}: {@code 1}, {@code True} and {@code '1'} differ), with each daemon's directory
 * masked. AUTO log names hold 8 random characters: they are compared by pattern, and the file named
 * must be the one the process writes, under the same name after a restart.
 *
 * <p>Deliberate difference, checked in {@link #reread_unchangedGroup_keepsReportingTheFileInUse}:
 * after a {@code reread} Python reports {@code auto} for the AUTO logs of every group not re-added
 * since (its new config objects have not named their files yet), although the running processes go on
 * writing their files; we report the file in use while the process's configuration is unchanged.
 */
@Tag("integration")
final class ConfigInfoCompatibilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Prints one line per field: {@code group:name<TAB>key<TAB>repr(value)}, structs in the server's order. */
  private static final String CLIENT = String.join("\n",
      "import sys, xmlrpc.client",
      "from supervisor.xmlrpc import SupervisorTransport",
      "t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])",
      "s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)",
      "for d in s.supervisor.getAllConfigInfo():",
      "    for k in d:",
      "        print('%s:%s\\t%s\\t%r' % (d['group'], d['name'], k, d[k]))");
  /** An AUTO log as supervisord names it: {@code <name>-<channel>---<identifier>-<mkstemp's 8 characters>.log}. */
  private static final Pattern AUTO_NAME = Pattern.compile("'(@DIR@/(?:children/)?[^/']+-(stdout|stderr)---[^/']+-)"
      + "[a-z0-9_]{8}(\\.log)'");
  private static final Map<String, String> ENV = Map.of("SLEEPSECS", "1013");

  @TempDir Path pythonDir;
  @TempDir Path javaDir;

  static Stream<String> configs() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(resources())) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  @Timeout(120)
  void getAllConfigInfo_sameFieldsAsPython(String config) throws Exception {
    try (Pair d = Pair.start(config, pythonDir, javaDir)) {
      List<String> theirs = configInfo(d.python);
      List<String> mine = configInfo(d.ours);
      assertThat(theirs).as("Python answered").isNotEmpty();
      assertThat(masked(mine)).containsExactlyElementsOf(masked(theirs));
      autoLogsExist(d.python, theirs);
      autoLogsExist(d.ours, mine);
    }
  }

  @Test
  @Timeout(120)
  void autoLog_namedFile_isWrittenAndKeptAcrossRestarts() throws Exception {
    try (Pair daemons = Pair.start("02-ansible.conf", pythonDir, javaDir)) {
      for (DaemonProcess d : daemons.both()) {
        String file = field(configInfo(d), "app:app", "stdout_logfile");
        Path log = Path.of(unquoted(file).replace("@DIR@", d.dir.toString()));
        awaitContent(log, "app says hello\n");
        assertThat(d.ctl("restart", "app").exitCode()).isZero();
        assertThat(field(configInfo(d), "app:app", "stdout_logfile")).as("after a restart").isEqualTo(file);
        awaitContent(log, "app says hello\napp says hello\n");
      }
    }
  }

  @Test
  @Timeout(120)
  void reread_unchangedGroup_keepsReportingTheFileInUse() throws Exception {
    try (Pair daemons = Pair.start("05-groups.conf", pythonDir, javaDir)) {
      DaemonProcess python = daemons.python;
      DaemonProcess ours = daemons.ours;
      Map<DaemonProcess, String> before = new java.util.HashMap<>();
      for (DaemonProcess d : daemons.both()) {
        before.put(d, field(configInfo(d), "web:api", "stdout_logfile"));
        assertThat(before.get(d)).startsWith("'@DIR@/api-stdout---supervisor-");
        d.ctl("reread");
      }
      // deliberate: Python's re-read config has not named its AUTO files; the process still writes its file
      assertThat(field(configInfo(python), "web:api", "stdout_logfile")).isEqualTo("'auto'");
      assertThat(field(configInfo(ours), "web:api", "stdout_logfile")).isEqualTo(before.get(ours));
      for (DaemonProcess d : daemons.both()) { // a changed group gets new AUTO files when updated, in both
        Files.writeString(d.conf, Files.readString(d.conf).replace("/bin/sleep 1010", "/bin/sleep 1110"));
        d.ctl("update");
        String after = field(configInfo(d), "web:api", "stdout_logfile");
        assertThat(after).startsWith("'@DIR@/api-stdout---supervisor-").isNotEqualTo(before.get(d));
      }
    }
  }

  /** Python's daemon and ours on the same config, started at the same time and stopped at the same time. */
  private record Pair(DaemonProcess python, DaemonProcess ours) implements AutoCloseable {
    static Pair start(String config, Path pythonDir, Path javaDir) throws Exception {
      Path pythonConf = install(config, pythonDir);
      Path javaConf = install(config, javaDir);
      CompletableFuture<DaemonProcess> python = CompletableFuture.supplyAsync(() -> {
        try {
          return DaemonProcess.python(pythonDir, pythonConf, ENV);
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      DaemonProcess ours;
      try {
        ours = DaemonProcess.java(javaDir, javaConf, ENV);
      } catch (Exception e) {
        python.thenAccept(Pair::quietlyClose);
        throw e;
      }
      try {
        return new Pair(python.get(60, TimeUnit.SECONDS), ours);
      } catch (Exception e) {
        ours.close();
        throw e;
      }
    }

    List<DaemonProcess> both() {
      return List.of(python, ours);
    }

    @Override
    public void close() throws Exception {
      python.signal("TERM"); // both shut down at once; close() then waits for each
      ours.signal("TERM");
      try {
        ours.close();
      } finally {
        python.close();
      }
    }

    private static void quietlyClose(DaemonProcess d) {
      try {
        d.close();
      } catch (Exception e) {
        // the test fails on the first error anyway
      }
    }
  }

  /** Copies the config (and its {@code NN.d} include directory as {@code conf.d}) into {@code dir}. */
  private static Path install(String config, Path dir) throws IOException, URISyntaxException {
    Files.createDirectories(dir.resolve("children"));
    Path includes = resources().resolve(config.replace(".conf", ".d"));
    if (Files.isDirectory(includes)) {
      Files.createDirectories(dir.resolve("conf.d"));
      try (Stream<Path> files = Files.list(includes)) {
        for (Path f : files.toList()) {
          Files.copy(f, dir.resolve("conf.d").resolve(f.getFileName()));
        }
      }
    }
    Path conf = dir.resolve("supervisord.conf");
    Files.copy(resources().resolve(config), conf);
    return conf;
  }

  private static Path resources() throws URISyntaxException {
    return Path.of(ConfigInfoCompatibilityTest.class.getResource("/configinfo").toURI());
  }

  /** The daemon's getAllConfigInfo as Python's client reads it, its directory masked as {@code @DIR@}. */
  private static List<String> configInfo(DaemonProcess d) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", CLIENT, d.socket.toString()).redirectErrorStream(true)
        .start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("getAllConfigInfo client hung");
    }
    assertThat(p.exitValue()).as(out + d.output()).isZero();
    return out.replace(d.dir.toString(), "@DIR@").lines().toList();
  }

  /** The lines with AUTO names' random parts replaced by {@code XXXXXXXX}. */
  private static List<String> masked(List<String> lines) {
    return lines.stream().map(l -> AUTO_NAME.matcher(l).replaceAll("'$1XXXXXXXX$3'")).toList();
  }

  /** Every AUTO file named exists, created readable by its owner only, as supervisord's mkstemp makes it. */
  private static void autoLogsExist(DaemonProcess d, List<String> lines) throws IOException {
    for (String l : lines) {
      Matcher m = AUTO_NAME.matcher(l);
      if (m.find()) {
        Path file = Path.of(unquoted(m.group()).replace("@DIR@", d.dir.toString()));
        assertThat(file).as(l).exists();
        assertThat(Files.getPosixFilePermissions(file)).as(l).containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      }
    }
  }

  private static String field(List<String> lines, String process, String key) {
    Map<String, String> values = new TreeMap<>();
    for (String l : lines) {
      String[] f = l.split("\t", 3);
      values.put(f[0] + " " + f[1], f[2]);
    }
    String v = values.get(process + " " + key);
    assertThat(v).as(process + " " + key + " in " + lines).isNotNull();
    return v;
  }

  /** A Python string repr's text. */
  private static String unquoted(String repr) {
    assertThat(repr).startsWith("'").endsWith("'");
    return repr.substring(1, repr.length() - 1);
  }

  private static void awaitContent(Path file, String expected) throws Exception {
    String last = "";
    for (int i = 0; i < 200; i++) {
      last = Files.exists(file) ? Files.readString(file) : "(no file)";
      if (last.equals(expected)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(file + " holds [" + last + "], expected [" + expected + "]");
  }
}
