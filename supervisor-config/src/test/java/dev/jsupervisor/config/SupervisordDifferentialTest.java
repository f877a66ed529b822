package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares our parse with the reference Python supervisord 4.2.5 on the same files: valid configs via
 * {@code supervisor.getAllConfigInfo()} over its unix socket, invalid ones via its {@code Error:} line.
 * Every daemon runs in the foreground with autostart=false programs and is killed at the end.
 */
@Tag("integration")
final class SupervisordDifferentialTest {
  private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
  private static final Map<String, String> ENV = Map.of("HOME", "/root", "PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");
  private static final String CLIENT = String.join("\n",
      "import json, sys, time, xmlrpc.client",
      "from supervisor.xmlrpc import SupervisorTransport",
      "for i in range(200):",
      "    try:",
      "        t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])",
      "        s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)",
      "        print(json.dumps(s.supervisor.getAllConfigInfo())); break",
      "    except Exception as e:",
      "        err = repr(e); time.sleep(0.05)",
      "else:",
      "    sys.exit('no answer: ' + err)");

  @TempDir Path dir;

  static Stream<Arguments> validConfigs() {
    return Stream.of(
        Arguments.of("debian", "debian/supervisord.conf", "debian/supervisor.sock"),
        Arguments.of("group-default.conf", "group-default.conf", "s.sock"),
        Arguments.of("edge", "edge.conf", "edge.sock"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validConfigs")
  @Timeout(60)
  void getAllConfigInfo_matchesOurParse(String fixture, String conf, String socket) throws Exception {
    assumeThat(Files.isExecutable(SUPERVISORD)).as("reference supervisord installed").isTrue();
    copyFixture(fixture);
    if (fixture.equals("edge")) {
      Files.writeString(dir.resolve("edge.conf"), edgeConfig());
    }
    Path confFile = dir.resolve(conf);
    useKeywordTolerantFactory(confFile);
    SupervisordConf ours = ConfigLoader.create(ENV, hostname(), dir, dev.jsupervisor.config.values.UserDatabase.SYSTEM)
        .read(confFile);
    JsonNode theirs = configInfo(confFile, dir.resolve(socket));

    Map<String, JsonNode> byName = new TreeMap<>();
    theirs.forEach(n -> byName.put(n.get("group").asText() + ":" + n.get("name").asText(), n));
    List<String> ourNames = new ArrayList<>();
    for (GroupSpec g : ours.groups()) {
      for (ProcessSpec p : g.processes()) {
        String key = g.name() + ":" + p.name();
        ourNames.add(key);
        JsonNode t = byName.get(key);
        assertThat(t).as("supervisord knows %s", key).isNotNull();
        compare(ours, g, p, t);
      }
    }
    assertThat(ourNames).containsExactlyInAnyOrderElementsOf(byName.keySet());
  }

  private void compare(SupervisordConf conf, GroupSpec g, ProcessSpec p, JsonNode t) {
    String what = g.name() + ":" + p.name();
    assertThat(p.command()).as(what + " command").isEqualTo(t.get("command").asText());
    assertThat(p.priority()).as(what + " process_prio").isEqualTo(t.get("process_prio").asInt());
    assertThat(g.priority()).as(what + " group_prio").isEqualTo(t.get("group_prio").asInt());
    assertThat(p.autostart()).as(what + " autostart").isEqualTo(t.get("autostart").asBoolean());
    assertThat(p.startsecs().toSeconds()).as(what + " startsecs").isEqualTo(t.get("startsecs").asLong());
    assertThat(p.startretries()).as(what + " startretries").isEqualTo(t.get("startretries").asInt());
    List<Integer> codes = new ArrayList<>();
    t.get("exitcodes").forEach(c -> codes.add(c.asInt()));
    assertThat(p.exitcodes()).as(what + " exitcodes").containsExactlyInAnyOrderElementsOf(codes);
    assertThat(p.stopsignals().get(0).number()).as(what + " stopsignal").isEqualTo(t.get("stopsignal").asInt());
    assertThat(p.stopwaitsecs().toSeconds()).as(what + " stopwaitsecs").isEqualTo(t.get("stopwaitsecs").asLong());
    assertThat(p.killasgroup()).as(what + " killasgroup").isEqualTo(t.get("killasgroup").asBoolean());
    assertThat(p.redirectStderr()).as(what + " redirect_stderr").isEqualTo(t.get("redirect_stderr").asBoolean());
    assertThat(p.directory().map(Path::toString).orElse("none")).as(what + " directory")
        .isEqualTo(t.get("directory").asText());
    assertThat(p.user().isPresent()).as(what + " uid").isEqualTo(!t.get("uid").asText().equals("none"));
    assertThat(p.serverurl().orElse("none")).as(what + " serverurl").isEqualTo(t.get("serverurl").asText());
    compareLog(conf, p, "stdout", p.stdout(), t);
    compareLog(conf, p, "stderr", p.stderr(), t);
  }

  private void compareLog(SupervisordConf conf, ProcessSpec p, String ch, LogSpec ours, JsonNode t) {
    String what = p.name() + " " + ch;
    String theirs = t.get(ch + "_logfile").asText();
    assertThat(ours.maxbytes()).as(what + " maxbytes").isEqualTo(t.get(ch + "_logfile_maxbytes").asLong());
    assertThat(ours.backups()).as(what + " backups").isEqualTo(t.get(ch + "_logfile_backups").asInt());
    assertThat(ours.syslog()).as(what + " syslog").isEqualTo(t.get(ch + "_syslog").asBoolean());
    assertThat(ours.captureMaxbytes()).as(what + " capture").isEqualTo(t.get(ch + "_capture_maxbytes").asLong());
    if (ours.targets().isEmpty()) {
      assertThat(theirs).as(what + " logfile").isEqualTo("none");
    } else if (ours.targets().get(0) instanceof LogTarget.Auto) {
      // supervisord has already replaced AUTO by the file it created in childlogdir
      assertThat(theirs).as(what + " logfile")
          .startsWith(conf.supervisord().childlogdir() + "/" + p.name() + "-" + ch + "---supervisor-");
    } else {
      LogTarget.File f = (LogTarget.File) ours.targets().get(0);
      assertThat(f.path()).as(what + " logfile").isEqualTo(dir.resolve(theirs).normalize());
    }
  }

  static Stream<Arguments> invalidConfigs() {
    return ConfigErrorsTest.errors().filter(a -> {
      String body = (String) a.get()[0];
      return !body.contains("depends_on") && !body.contains("rpcinterface");
    });
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  @Timeout(30)
  void errorLine_matchesOurMessage(String sections, String ignoredExpected) throws Exception {
    assumeThat(Files.isExecutable(SUPERVISORD)).as("reference supervisord installed").isTrue();
    Files.writeString(dir.resolve("c.conf"), "[supervisord]\nlogfile=" + dir + "/s.log\npidfile=" + dir
        + "/s.pid\n" + sections);
    String ours;
    try {
      ConfigLoader.create(ENV, hostname(), dir, dev.jsupervisor.config.values.UserDatabase.SYSTEM)
          .read(Path.of("c.conf"));
      ours = "(loaded)";
    } catch (ConfigException e) {
      ours = e.getMessage();
    }
    ProcessBuilder pb = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", "c.conf").directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(ENV);
    Process p = pb.start();
    try {
      boolean exited = p.waitFor(20, TimeUnit.SECONDS);
      assertThat(exited).as("supervisord rejects the config and exits").isTrue();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).isEqualTo(2);
      String expected = err.substring(0, err.indexOf("\nFor help, use "));
      assertThat("Error: " + ours).isEqualTo(expected);
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[program:a]\ncommand=x\nstdout_logfile=/nonexistent/x.log\n"})
  @Timeout(30)
  void errorLine_ofIncludedFile_namesTheIncludedFile(String included) throws Exception {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d/a.conf"), included);
    errorLine_matchesOurMessage("[include]\nfiles=conf.d/*.conf\n", "");
  }

  private JsonNode configInfo(Path conf, Path socket) throws IOException, InterruptedException {
    ProcessBuilder daemon = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", conf.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("daemon.out").toFile());
    daemon.environment().clear();
    daemon.environment().putAll(ENV);
    daemon.environment().put("PYTHONPATH", dir.toString());
    Process d = daemon.start();
    try {
      Process client = new ProcessBuilder("/usr/bin/python3", "-c", CLIENT, socket.toString()).redirectErrorStream(true).start();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(client.exitValue()).as(out + Files.readString(dir.resolve("daemon.out"))).isZero();
      return new ObjectMapper().readTree(out);
    } finally {
      d.destroy();
      if (!d.waitFor(10, TimeUnit.SECONDS)) {
        d.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * supervisord passes [DEFAULT] keys to rpcinterface factories as keyword arguments, which the
   * standard factory rejects (TypeError at start-up); configs with [DEFAULT] get a factory that
   * takes and ignores them. Our parse does not depend on the factory.
   */
  private void useKeywordTolerantFactory(Path conf) throws IOException {
    String text = Files.readString(conf);
    if (!text.contains("[DEFAULT]")) {
      return;
    }
    Files.writeString(conf, text.replace(RpcInterfaceSpec.MAIN_FACTORY, "jsvtest:make"));
    Files.writeString(dir.resolve("jsvtest.py"), String.join("\n",
        "from supervisor.rpcinterface import SupervisorNamespaceRPCInterface",
        "def make(supervisord, **ignored):",
        "    return SupervisorNamespaceRPCInterface(supervisord)", ""));
  }

  private void copyFixture(String name) throws IOException {
    if (name.equals("edge")) {
      return;
    }
    Path src = Fixtures.config(name);
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = dir.resolve(src.getParent().relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private String edgeConfig() {
    return String.join("\n",
        "[DEFAULT]",
        "autostart = no",
        "[unix_http_server]",
        "file=%(here)s/edge.sock",
        "[supervisord]",
        "logfile=%(here)s/main.log",
        "pidfile=%(here)s/main.pid",
        "childlogdir=%(here)s",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:pool]",
        "Command = /bin/sleep %(process_num)d ; comment",
        "process_name = p%(process_num)03d-%(group_name)s",
        "numprocs = 2",
        "numprocs_start = 7",
        "exitcodes =",
        "stopsignal = 1",
        "startsecs = 0",
        "stdout_logfile = rel-%(process_num)d.log",
        "stdout_logfile_maxbytes = 1 KB",
        "stderr_logfile = off",
        "stdout_capture_maxbytes = 2kb",
        "serverurl = http://127.0.0.1:1",
        "[program:multi]",
        "command = /bin/sh -c",
        "  'sleep 100'",
        "directory = /tmp",
        "stopsignal = sigusr2",
        "stopasgroup = on",
        "user = root",
        "stdout_syslog = true",
        "environment = A=\"x y\", B='%%q', C=/a/b:c",
        "");
  }

  private static String hostname() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
  }
}
