package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unreachable servers, refused passwords and bad options: one readable line, same exit status. */
@Tag("integration")
@Timeout(120)
final class ErrorParityTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "missing socket: {0}")
  @ValueSource(strings = {"status", "start x", "stop x", "pid", "version", "tail x", "shutdown",
      "restart x", "signal HUP x", "clear x", "fg x", "maintail"})
  void command_missingUnixSocket_sameOutputAndExitStatus(String line) throws Exception {
    compare("-s unix://" + dir.resolve("nope.sock") + " " + line);
  }

  @ParameterizedTest(name = "refused: {0}")
  @ValueSource(strings = {"status", "status foo", "start x", "stop x", "pid", "version",
      "shutdown", "tail -f x", "fg x"})
  void command_refusedTcp_sameOutputAndExitStatus(String line) throws Exception {
    compare("-s http://127.0.0.1:" + ReferenceDaemon.freePort() + " " + line);
  }

  @ParameterizedTest(name = "no server, python prints a traceback line: {0}")
  @ValueSource(strings = {"avail", "reread", "update", "add x", "remove x", "reload"})
  void command_refusedWithoutUpcheck_oneReadableLineAndSameExitStatus(String line) throws Exception {
    String[] args = ("-s http://127.0.0.1:" + ReferenceDaemon.freePort() + " " + line).split(" ");
    CtlRun theirs = CtlRun.python(args);
    CtlRun mine = CtlRun.ours(args);
    assertThat(mine.exit()).isEqualTo(theirs.exit()).isEqualTo(1);
    assertThat(mine.out()).startsWith("error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused")
        .hasLineCount(1);
    assertThat(theirs.masked(null).out()).isEqualTo(mine.out());
  }

  @ParameterizedTest(name = "usage: {0}")
  @ValueSource(strings = {"-x status", "--serverurl", "-s", "-s foo status", "-c /nonexistent status",
      "--bogus", "-h", "--help", "--user", "--server=http://127.0.0.1:1 status"})
  void options_bad_sameOutputAndExitStatus(String line) throws Exception {
    compare(line);
  }

  @Test
  void config_supervisorctlSectionMissing_usageError() throws Exception {
    Path conf = dir.resolve("x.conf");
    Files.writeString(conf, "[supervisord]\nlogfile=/dev/null\n");
    compare("-c " + conf + " status");
  }

  @Test
  void config_serverurlFromFile_usedWhenNoDashS() throws Exception {
    Path conf = dir.resolve("x.conf");
    Files.writeString(conf, "[supervisorctl]\nserverurl = unix://%(here)s/../x/none.sock ; comment\n");
    compare("-c " + conf + " status");
    CtlRun mine = CtlRun.ours("-c", conf.toString(), "status");
    assertThat(mine.out()).isEqualTo("unix://" + dir.getParent().resolve("x/none.sock") + " no such file\n");
  }

  @Test
  void wrongPassword_inetServer_oneLineAndExit1() throws Exception {
    try (ReferenceDaemon d = ReferenceDaemon.inet(dir.resolve("d"), "admin", "secret")) {
      for (String creds : new String[] {"", "-u admin -p bad ", "-u nobody -p secret "}) {
        for (String cmd : new String[] {"status", "avail", "shutdown", "start sleeper"}) {
          String[] args = ("-s " + d.serverUrl + " " + creds + cmd).split(" ");
          CtlRun theirs = CtlRun.python(args);
          CtlRun mine = CtlRun.ours(args);
          assertThat(mine.out()).isEqualTo("Server requires authentication\n");
          assertThat(theirs.out()).startsWith(mine.out());
          assertThat(mine.exit()).isEqualTo(theirs.exit()).isEqualTo(1);
        }
      }
      for (String cmd : new String[] {"status", "status grp:*", "pid all", "avail", "version",
          "tail sleeper", "stop manual", "start nosuch"}) {
        compare("-s " + d.serverUrl + " -u admin -p secret " + cmd);
      }
      CtlRun ok = CtlRun.ours("-s", d.serverUrl, "-u", "admin", "-p", "secret", "status", "sleeper");
      assertThat(ok.out()).contains("sleeper", "RUNNING");
      assertThat(ok.exit()).isZero();
    }
  }

  private void compare(String line) throws Exception {
    String[] args = line.split(" ");
    CtlRun theirs = CtlRun.python(args);
    CtlRun mine = CtlRun.ours(args);
    assertThat(mine.masked(dir)).as("supervisorctl %s", line).isEqualTo(theirs.masked(dir));
  }
}
