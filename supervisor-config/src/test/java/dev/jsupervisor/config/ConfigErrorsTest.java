package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per error text of the spec's §2.6 (what Python supervisord 4.2.5 prints after "Error: "). */
final class ConfigErrorsTest {
  private static final String SUFFIX = " in section 'program:a' (file: 'c.conf')";

  @TempDir Path cwd;

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("[program:a]\n", "program section program:a does not specify a command" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nnumprocs=2\n",
            "%(process_num) must be present within process_name when numprocs > 1" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nautostart=maybe\n", "not a valid boolean value: 'maybe'" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nautorestart=sometimes\n",
            "invalid 'autorestart' value 'sometimes'" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nstopsignal=FOO\n", "value 'FOO' is not a valid signal name" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nexitcodes=0,256\n", "not a valid list of exit codes: '0,256'" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nstdout_logfile_maxbytes=5xb\n",
            "invalid literal for int() with base 10: '5xb'" + SUFFIX),
        Arguments.of("[program:a b]\ncommand=x\n", "Invalid name: 'a b' because of character: ' '"),
        Arguments.of("[program:a]\ncommand=x\nenvironment=A=1,B\n",
            "Unexpected end of key/value pairs in value 'A=1,B'" + SUFFIX),
        Arguments.of("[group:g]\nprograms=x\n", "[group:g] names unknown program or fcgi-program x"),
        Arguments.of("[program:a]\ncommand=x\nstdout_logfile=/nonexistent/dir/x.log\n",
            "The directory named as part of the path /nonexistent/dir/x.log does not exist" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nuser=nosuchuser\n", "Invalid user name nosuchuser" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\nstopasgroup=true\nkillasgroup=false\n",
            "Cannot set stopasgroup=true and killasgroup=false" + SUFFIX),
        Arguments.of("[inet_http_server]\nport=localhost:99999\n", "99999 is above upper bound (65535)"),
        Arguments.of("[unix_http_server]\nchmod=0700\n", "section [unix_http_server] has no file value"),
        Arguments.of("[eventlistener:e]\ncommand=x\n", "[eventlistener:e] section requires an \"events\" line"),
        Arguments.of("[eventlistener:e]\ncommand=x\nevents=FOO\n", "Unknown event type FOO in [eventlistener:e] events"),
        Arguments.of("[eventlistener:e]\ncommand=x\nevents=TICK_5\nresult_handler=supervisor.dispatchers:json_rpc_handler\n",
            "supervisor.dispatchers:json_rpc_handler cannot be resolved within [eventlistener:e]"),
        Arguments.of("[include]\n", ".ini file has [include] section, but no files setting"),
        Arguments.of("[supervisord]\nloglevel=verbose\n", "bad logging level name 'verbose'"),
        Arguments.of("[program:a]\ncommand=x\numask=999\n", "999 can not be converted to an octal type" + SUFFIX),
        Arguments.of("[program:a]\ncommand=/bin/cat %(foo)s\n", "Format string '/bin/cat %(foo)s' for "
            + "'program:a.command' contains names ('foo') which cannot be expanded. Available names: ENV_HOME, "
            + "ENV_PATH, group_name, here, host_node_name, numprocs, process_num, program_name" + SUFFIX),
        Arguments.of("[program:a]\ncommand=/bin/cat 100%\n",
            "Format string '/bin/cat 100%' for 'program:a.command' is badly formatted: incomplete format" + SUFFIX),
        Arguments.of("[program:a]\ncommand=x\npriority=%(process_num)d\n", "Format string '%(process_num)d' for "
            + "'program:a.priority' contains names ('process_num') which cannot be expanded. Available names: "
            + "ENV_HOME, ENV_PATH, here"),
        Arguments.of("[unix_http_server]\nfile=/tmp/x.sock\nusername=u\n", "Section [unix_http_server] contains "
            + "incomplete authentication: If a username or a password is specified, both the username and password "
            + "must be specified"),
        Arguments.of("[eventlistener:e]\ncommand=x\nevents=TICK_5\nbuffer_size=0\n",
            "[eventlistener:e] section sets invalid buffer_size (0)"),
        Arguments.of("[eventlistener:e]\ncommand=x\nevents=TICK_5\nredirect_stderr=true\n",
            "[eventlistener:e] section sets redirect_stderr=true but this is not allowed because it will interfere "
                + "with the eventlistener protocol"),
        Arguments.of("[rpcinterface:x]\nfoo=1\n", "section [rpcinterface:x] does not specify a "
            + "supervisor.rpcinterface_factory"),
        Arguments.of("[fcgi-program:f]\ncommand=x\n", "[fcgi-program:f] section requires a \"socket\" line"),
        Arguments.of("[group:g]\nprograms=a,b\n[program:a]\ncommand=x\n",
            "[program:a] names unknown program or fcgi-program b"),
        Arguments.of("[program:a]\ncommand=x\ndepends_on=nope\n", "[program:a] depends_on names unknown program nope"),
        Arguments.of("[program:a]\ncommand=x\ndepends_on=b\n[program:b]\ncommand=x\ndepends_on=a\n",
            "[program:a] depends_on forms a cycle: a -> b -> a"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void load_badConfig_failsWithSupervisordsText(String sections, String expected) throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n" + sections);
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("c.conf")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expected);
  }

  @Test
  void load_missingSupervisordSection_fails() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[program:a]\ncommand=x\n");
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("c.conf")))
        .hasMessage(".ini file does not include supervisord section");
  }

  @Test
  void load_missingFile_fails() {
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("/some/dir/nonexistent.conf")))
        .hasMessage("could not find config file /some/dir/nonexistent.conf");
  }

  @Test
  void load_notIni_failsWithParsingErrors() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n\n\n\n\nthis is not ini\n");
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("c.conf")))
        .hasMessage("Source contains parsing errors: 'c.conf'\n\t[line  6]: 'this is not ini\\n'");
  }

  @Test
  void load_errorInIncludedFile_namesThatFile() throws Exception {
    Files.createDirectories(cwd.resolve("conf.d"));
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[include]\nfiles=conf.d/*.conf\n");
    Files.writeString(cwd.resolve("conf.d/a.conf"), "[program:a]\ncommand=x\nautorestart=maybe\n");
    assertThatThrownBy(() -> Fixtures.loader(cwd).read(Path.of("c.conf")))
        .hasMessage("invalid 'autorestart' value 'maybe' in section 'program:a' (file: '" + cwd
            + "/conf.d/a.conf')");
  }

  @Test
  void load_severalBadSections_reportsEveryProblemWithLines() throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[program:a]\ncommand=x\nautostart=maybe\n"
        + "[program:b]\ncommand=x\nstartsecs=soon\n");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Fixtures.loader(cwd).read(Path.of("c.conf")));
    assertThat(e.problems()).extracting(ConfigProblem::section, ConfigProblem::key, ConfigProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("program:a", "autostart", 4),
            org.assertj.core.groups.Tuple.tuple("program:b", "startsecs", 7));
  }
}
