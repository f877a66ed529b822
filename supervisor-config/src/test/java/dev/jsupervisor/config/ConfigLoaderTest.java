package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.EventType;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ListenerPoolSpec;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.SharedSocketSpec;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConfigLoaderTest {
  @TempDir Path cwd;

  private static ProcessSpec process(SupervisordConf conf, String group, String name) {
    GroupSpec g = conf.group(group).orElseThrow();
    return g.processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void load_debianLayout_followsIncludesRelativeToTheIncludingFile() throws Exception {
    Path main = Fixtures.config("debian/supervisord.conf");
    Path here = main.getParent();
    SupervisordConf conf = Fixtures.loader(cwd).read(main);

    assertThat(conf.files()).containsExactly(main, here.resolve("conf.d/web.conf"), here.resolve("conf.d/worker.conf"));
    assertThat(conf.infos()).containsExactly(
        "Included extra file \"" + here.resolve("conf.d/web.conf") + "\" during parsing",
        "Included extra file \"" + here.resolve("conf.d/worker.conf") + "\" during parsing");
    assertThat(conf.unixHttpServer().orElseThrow().file()).isEqualTo(here.resolve("supervisor.sock"));
    assertThat(conf.unixHttpServer().orElseThrow().chmod()).isEqualTo(0700);
    assertThat(conf.rpcInterfaces()).singleElement().satisfies(r -> assertThat(r.builtin()).isTrue());
    assertThat(conf.supervisorctl().orElseThrow().serverurl()).isEqualTo("unix://" + here.resolve("supervisor.sock"));
    assertThat(conf.supervisord().logfile()).contains(here.resolve("supervisord.log"));
    assertThat(conf.groups()).extracting(GroupSpec::name).containsExactly("web", "worker");
  }

  @Test
  void load_includedFile_hereIsItsOwnDirectory() throws Exception {
    Path main = Fixtures.config("debian/supervisord.conf");
    SupervisordConf conf = Fixtures.loader(cwd).read(main);
    ProcessSpec web = process(conf, "web", "web");
    Path confD = main.getParent().resolve("conf.d");
    assertThat(web.directory()).contains(confD);
    assertThat(web.stdout().targets()).containsExactly(new LogTarget.File(confD.resolve("web.out.log")));
    assertThat(web.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("APP_ENV", "production", "PORT", "8080"));
    assertThat(web.priority()).isEqualTo(10);
    assertThat(web.autostart()).isFalse();
  }

  @Test
  void load_numprocsPool_namesAndExpandsPerProcess() throws Exception {
    SupervisordConf conf = Fixtures.loader(cwd).read(Fixtures.config("debian/supervisord.conf"));
    GroupSpec worker = conf.group("worker").orElseThrow();
    assertThat(worker.processes()).extracting(ProcessSpec::name).containsExactly("worker_01", "worker_02", "worker_03");
    ProcessSpec second = process(conf, "worker", "worker_02");
    assertThat(second.command()).isEqualTo("/bin/sleep 200");
    assertThat(second.program()).isEqualTo("worker");
    assertThat(second.autorestart()).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(second.stopsignals()).containsExactly(Signal.INT);
    assertThat(second.stopwaitsecs()).isEqualTo(Duration.ofSeconds(30));
    assertThat(second.stopasgroup()).isTrue();
    assertThat(second.killasgroup()).isTrue();
    assertThat(second.redirectStderr()).isTrue();
    assertThat(second.stderr().targets()).isEmpty();
    assertThat(((LogTarget.File) second.stdout().targets().get(0)).path().getFileName().toString())
        .isEqualTo("worker_02.log");
    assertThat(second.stdout().maxbytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(second.stdout().backups()).isEqualTo(3);
  }

  @Test
  void load_groupAndDefaultSection_gathersProgramsAndInherits() throws Exception {
    SupervisordConf conf = Fixtures.loader(cwd).read(Fixtures.config("group-default.conf"));
    assertThat(conf.groups()).extracting(GroupSpec::name).containsExactly("shop", "solo");
    GroupSpec shop = conf.group("shop").orElseThrow();
    assertThat(shop.priority()).isEqualTo(50);
    assertThat(shop.processes()).extracting(ProcessSpec::name).containsExactly("api", "cron");

    ProcessSpec api = process(conf, "shop", "api");
    assertThat(api.startsecs()).isEqualTo(Duration.ofSeconds(5));
    assertThat(api.autostart()).isFalse();
    assertThat(api.exitcodes()).containsExactlyInAnyOrder(0, 2);
    assertThat(api.stopsignals()).containsExactly(Signal.QUIT);
    assertThat(api.stopasgroup()).isFalse();
    assertThat(api.killasgroup()).isTrue();
    assertThat(api.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("GREETING", "hello, world",
        "QUOTED", "single", "EMPTY", "", "HOME_COPY", "/home/tester"));

    ProcessSpec cron = process(conf, "shop", "cron");
    assertThat(cron.startsecs()).isEqualTo(Duration.ZERO);
    assertThat(cron.startretries()).isEqualTo(7);
    assertThat(cron.autorestart()).isEqualTo(RestartPolicy.NEVER);
    assertThat(cron.stdout().targets()).isEmpty();
    assertThat(cron.stderr().targets()).containsExactly(new LogTarget.Auto());
    assertThat(cron.stderr().maxbytes()).isEqualTo(1024);
    assertThat(cron.umask()).contains(2);

    ProcessSpec solo = process(conf, "solo", "solo");
    assertThat(solo.command()).isEqualTo("/bin/echo \"100% done\"");
    assertThat(solo.stopwaitsecs()).isEqualTo(Duration.ofSeconds(3));
    assertThat(solo.priority()).isEqualTo(999);
  }

  @Test
  void load_supervisordSection_hasSupervisordDefaults() throws Exception {
    SupervisordConf conf = Fixtures.loader(cwd).read(Fixtures.config("group-default.conf"));
    SupervisordSection s = conf.supervisord();
    assertThat(s.logfileMaxbytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(s.logfileBackups()).isEqualTo(10);
    assertThat(s.loglevel()).isEqualTo(LogLevel.INFO);
    assertThat(s.umask()).isEqualTo(022);
    assertThat(s.nodaemon()).isEmpty();
    assertThat(s.minfds()).isEqualTo(1024);
    assertThat(s.minprocs()).isEqualTo(200);
    assertThat(s.identifier()).isEqualTo("supervisor");
    assertThat(s.environment()).isEmpty();
    assertThat(s.user()).isEmpty();
  }

  @Test
  void load_seedExtras_areParsedIntoSpecs() throws Exception {
    Path file = Fixtures.config("seed-extras.conf");
    SupervisordConf conf = Fixtures.loader(cwd).read(file);
    ProcessSpec app = process(conf, "app", "app");
    assertThat(app.dependsOn()).containsExactly("db", "cache");
    assertThat(app.restartpause()).isEqualTo(Duration.ofSeconds(2));
    assertThat(app.stopsignals()).containsExactly(Signal.TERM, Signal.KILL);
    assertThat(app.stdout().targets()).containsExactly(new LogTarget.File(file.getParent().resolve("app.log")),
        new LogTarget.Stdout(), new LogTarget.Syslog("tcp", "logs.example.com", 6514));
    assertThat(app.stderr().targets()).containsExactly(new LogTarget.Syslog("udp", "10.0.0.1", 514));
    assertThat(app.restartOnChange().whenBinaryChanged()).isTrue();
    assertThat(app.restartOnChange().signalWhenBinaryChanged()).contains(Signal.HUP);
    assertThat(app.restartOnChange().directoryMonitor()).contains(file.getParent());
    assertThat(app.restartOnChange().filePattern()).isEqualTo("*.yml");
    assertThat(app.restartOnChange().commandWhenFileChanged()).containsExactly("/bin/kill", "-HUP", "1");
    assertThat(app.environment()).containsEntry("VAR1", "value1").containsEntry("VAR2", "value2");
    assertThat(app.autorestart()).isEqualTo(RestartPolicy.NEVER);
    assertThat(process(conf, "db", "db").autorestart()).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(process(conf, "cache", "cache").stdout().targets()).isEmpty();
  }

  @Test
  void load_eventListener_isAGroupWithAListenerPool() throws Exception {
    SupervisordConf conf = Fixtures.loader(cwd).read(Fixtures.config("seed-extras.conf"));
    assertThat(conf.group("listener").orElseThrow().listenerPool()).contains(new ListenerPoolSpec(
        java.util.EnumSet.of(EventType.PROCESS_STATE, EventType.TICK_60), 20));
    assertThat(conf.group("listener").orElseThrow().priority()).isEqualTo(-1);
    assertThat(conf.group("listener").orElseThrow().processes()).singleElement().satisfies(p -> {
      assertThat(p.command()).isEqualTo("/bin/cat");
      assertThat(p.environment()).isEmpty(); // [program-default] is for programs only
    });
  }

  @Test
  void load_supervisordEnvironment_staysInTheSection_andFeedsEnvExpansions() throws Exception {
    Path c = cwd.resolve("c.conf");
    Files.writeString(c, "[supervisord]\nenvironment=REGION=eu,TIER=\"a b\"\n"
        + "[program:a]\ncommand=/bin/echo %(ENV_REGION)s\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.supervisord().environment()).containsExactlyInAnyOrderEntriesOf(Map.of("REGION", "eu", "TIER", "a b"));
    ProcessSpec a = process(conf, "a", "a");
    assertThat(a.command()).isEqualTo("/bin/echo eu");
    assertThat(a.environment()).isEmpty();
    assertThat(conf.supervisord().pidfile()).isEqualTo(cwd.resolve("supervisord.pid"));
  }

  @Test
  void load_programEnvironment_feedsLaterKeysOfTheSameProgram() throws Exception {
    Path c = cwd.resolve("c.conf");
    Files.writeString(c, "[supervisord]\n[program:a]\nenvironment=ROOT=/srv/%(program_name)s\n"
        + "command=/bin/ls %(ENV_ROOT)s\ndirectory=%(ENV_ROOT)s/%(process_num)d\n");
    ProcessSpec a = process(Fixtures.loader(cwd).read(Path.of("c.conf")), "a", "a");
    assertThat(a.command()).isEqualTo("/bin/ls /srv/a");
    assertThat(a.directory()).contains(Path.of("/srv/a/0"));
  }

  @Test
  void load_nestedIncludes_areFollowedOnce() throws Exception {
    Files.createDirectories(cwd.resolve("a/b"));
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[include]\nfiles=a/*.ini\n");
    Files.writeString(cwd.resolve("a/one.ini"), "[program:one]\ncommand=/bin/true\n[include]\nfiles=b/*.ini ../c.conf\n");
    Files.writeString(cwd.resolve("a/b/two.ini"), "[program:two]\ncommand=/bin/true\ndirectory=%(here)s\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.groups()).extracting(GroupSpec::name).containsExactly("one", "two");
    assertThat(conf.files()).hasSize(3);
    assertThat(process(conf, "two", "two").directory()).contains(cwd.resolve("a/b"));
  }

  @Test
  void load_includeWithoutMatch_warns() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[include]\nfiles=nothing/*.conf\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.warnings()).containsExactly("No file matches via include \"" + cwd + "/nothing/*.conf\"");
  }

  @Test
  void load_autoWithoutRollover_andRedirectedStderrFile_warn() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[program:a]\ncommand=x\nstdout_logfile_maxbytes=0\n"
        + "redirect_stderr=true\nstderr_logfile=/tmp/e.log\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.warnings()).containsExactly(
        "For [program:a], AUTO logging used for stdout_logfile without rollover, set maxbytes > 0 to avoid "
            + "filling up filesystem unintentionally",
        "For [program:a], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename "
            + "has been ignored");
  }

  @Test
  void load_deprecatedSyslogLogfile_setsSyslogAndWarns() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[program:a]\ncommand=x\nstdout_logfile=syslog\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    ProcessSpec a = process(conf, "a", "a");
    assertThat(a.stdout().syslog()).isTrue();
    assertThat(a.stdout().targets()).containsExactly(LogTarget.Syslog.local());
    assertThat(conf.warnings()).containsExactly("For [program:a], stdout_logfile=syslog but this is deprecated and "
        + "will be removed.  Use stdout_syslog=true to enable syslog instead.");
  }

  @Test
  void load_inetServers_matchByPrefix() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[inet_http_server]\nport=127.0.0.1:9001\n"
        + "username=u\npassword={SHA}abc\n[inet_http_server:more]\nport=*:9002\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.inetHttpServers()).containsExactly(
        new InetHttpServer("inet_http_server", "127.0.0.1", 9001, java.util.Optional.of("u"),
            java.util.Optional.of("{SHA}abc")),
        new InetHttpServer("inet_http_server:more", "", 9002, java.util.Optional.empty(), java.util.Optional.empty()));
  }

  @Test
  void load_metricsAuth_defaultsOnAndIsABoolean() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[inet_http_server]\nport=9001\nmetrics_auth=off\n"
        + "[inet_http_server:b]\nport=9002\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.inetHttpServers()).extracting(InetHttpServer::metricsAuth).containsExactly(false, true);
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[inet_http_server]\nport=9001\nmetrics_auth=maybe\n");
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("c.conf")))
        .hasMessageContaining("not a valid boolean value: 'maybe'");
  }

  @Test
  void load_updateGrain_defaultsToSupervisordsGroup_processOptsIn_otherValuesAreNamed() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n");
    assertThat(Fixtures.loader(cwd).read(Path.of("c.conf")).supervisord().updateGrain())
        .isEqualTo(dev.jsupervisor.core.UpdateGrain.GROUP);
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\nupdate_grain = Process\n");
    assertThat(Fixtures.loader(cwd).read(Path.of("c.conf")).supervisord().updateGrain())
        .isEqualTo(dev.jsupervisor.core.UpdateGrain.PROCESS);
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\nupdate_grain=member\n");
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("c.conf")))
        .hasMessageContaining("not a valid update_grain value: 'member' (expected process or group)"
            + " in section 'supervisord' (file: ")
        .hasMessageContaining("c.conf')");
  }

  @Test
  void load_hostNodeName_andGroupName_expand() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[group:g]\nprograms=a\n"
        + "[program:a]\ncommand=/bin/echo %(host_node_name)s %(group_name)s %(numprocs)d\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(process(conf, "g", "a").command()).isEqualTo("/bin/echo testhost g 1");
  }

  @Test
  void load_fcgiProgram_keepsItsSocket() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[fcgi-program:f]\ncommand=/bin/cat\n"
        + "socket=tcp://LocalHost:9000\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    assertThat(conf.fcgiPrograms()).singleElement().satisfies(f -> {
      assertThat(f.socket()).isEqualTo("tcp://localhost:9000");
      assertThat(f.group().processes()).extracting(ProcessSpec::name).containsExactly("f");
    });
    assertThat(conf.groups()).singleElement().satisfies(g -> {
      assertThat(g.name()).isEqualTo("f");
      assertThat(g.sharedSocket()).contains(SharedSocketSpec.of("tcp://localhost:9000"));
    });
  }

  @Test
  void load_fcgiProgramOnAUnixSocket_hasSupervisordsModeAndOwnerDefaults() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n"
        + "[fcgi-program:f]\ncommand=/bin/cat\nsocket=unix:///tmp/%(program_name)s.sock\nsocket_backlog=7\n"
        + "user=daemon\n"
        + "[fcgi-program:g]\ncommand=/bin/cat\nsocket=unix:///tmp/g.sock\nsocket_owner=1:0\nsocket_mode=0660\n"
        + "[fcgi-program:h]\ncommand=/bin/cat\nsocket=unix:///tmp/h.sock\n"
        + "[group:x]\nprograms=i\n[fcgi-program:i]\ncommand=/bin/cat\nsocket=tcp://127.0.0.1:9000\n");
    SupervisordConf conf = Fixtures.loader(cwd).read(Path.of("c.conf"));
    java.util.function.Function<String, SharedSocketSpec> socket =
        n -> conf.groups().stream().filter(g -> g.name().equals(n)).findFirst().orElseThrow().sharedSocket().orElse(null);
    assertThat(socket.apply("f")).isEqualTo(new SharedSocketSpec("unix:///tmp/f.sock", OptionalInt.of(7),
        OptionalInt.of(1), OptionalInt.of(1), OptionalInt.of(0700)));
    assertThat(socket.apply("g")).isEqualTo(new SharedSocketSpec("unix:///tmp/g.sock", OptionalInt.empty(),
        OptionalInt.of(1), OptionalInt.of(0), OptionalInt.of(0660)));
    assertThat(socket.apply("h")).isEqualTo(new SharedSocketSpec("unix:///tmp/h.sock", OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(0700)));
    assertThat(socket.apply("x")).as("in a [group:x] an fcgi-program is a plain program, as in supervisord").isNull();
  }

  @Test
  void load_listOrder_sortsGroupsByPriorityThenName() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[program:b]\ncommand=x\n[program:a]\ncommand=x\n"
        + "[program:z]\ncommand=x\npriority=1\n");
    assertThat(Fixtures.loader(cwd).read(Path.of("c.conf")).groups()).extracting(GroupSpec::name)
        .containsExactly("z", "a", "b");
  }
}
