package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go port's envFiles and cron keys, and the dotenv dialect. */
final class GoExtrasConfigTest {
  @TempDir Path cwd;

  private ProcessSpec load(String program) throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[program:a]\ncommand=/bin/true\n" + program);
    return Fixtures.loader(cwd).read(Path.of("c.conf")).group("a").orElseThrow().processes().get(0);
  }

  @Test
  void envFiles_areMergedUnderEnvironment_inOrder_relativeToTheConfigFile() throws Exception {
    Files.createDirectories(cwd.resolve("env"));
    Files.writeString(cwd.resolve("env/base.env"), "# base\nA=1\nB=from-base\nexport C=3\n");
    Files.writeString(cwd.resolve("env/local.env"), "B=from-local\nD=4\n");
    ProcessSpec a = load("envFiles=env/base.env, env/local.env\nenvironment=D=\"from-environment\",E=5\n");
    assertThat(a.environment()).containsExactlyInAnyOrderEntriesOf(
        Map.of("A", "1", "B", "from-local", "C", "3", "D", "from-environment", "E", "5"));
  }

  @Test
  void envFiles_missingFile_failsNamingFileSectionAndKey() throws Exception {
    assertThatThrownBy(() -> load("envFiles=missing.env\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read env file " + cwd.toRealPath().resolve("missing.env"))
        .hasMessageContaining("section 'program:a'");
  }

  @Test
  void envFiles_badLine_failsWithItsLineNumber() throws Exception {
    Files.writeString(cwd.resolve("bad.env"), "A=1\nthis is not an assignment\n");
    assertThatThrownBy(() -> load("envFiles=bad.env\n"))
        .hasMessageContaining("bad.env line 2: expected KEY=value");
  }

  @Test
  void dotenv_quotingRules() {
    Map<String, String> env = DotenvFile.parse(String.join("\n",
        "PLAIN = some value # a comment",
        "HASH=a#b",
        "SINGLE='literal $X \\n # kept'",
        "DOUBLE=\"tab\\there \\\"quoted\\\" \\$HOME\"",
        "MULTI=\"line one",
        "line two\"",
        "EMPTY=",
        ""), "t.env");
    assertThat(env).containsExactly(
        Map.entry("PLAIN", "some value"),
        Map.entry("HASH", "a#b"),
        Map.entry("SINGLE", "literal $X \\n # kept"),
        Map.entry("DOUBLE", "tab\there \"quoted\" $HOME"),
        Map.entry("MULTI", "line one\nline two"),
        Map.entry("EMPTY", ""));
    assertThatThrownBy(() -> DotenvFile.parse("1A=x\n", "t.env")).hasMessage("env file t.env line 1: invalid variable name '1A'");
    assertThatThrownBy(() -> DotenvFile.parse("A='x\n", "t.env")).hasMessage("env file t.env line 1: unterminated single quote");
    assertThatThrownBy(() -> DotenvFile.parse("A=\"x\" y\n", "t.env"))
        .hasMessage("env file t.env line 1: unexpected text after the closing quote");
  }

  @Test
  void cron_isParsed_andABadSpecNamesTheValue() throws Exception {
    assertThat(load("cron=*/10 * * * * *\n").extras().cron()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("*/10 * * * * *"));
    assertThat(load("").extras().cron()).isEmpty();
    assertThatThrownBy(() -> load("cron=* * * * *\n"))
        .hasMessageStartingWith("invalid cron spec '* * * * *': expected 6 fields (second minute hour day-of-month month day-of-week), found 5")
        .hasMessageContaining("section 'program:a'");
  }

  @Test
  void hooks_areSplitAsCommands_scriptPrefixAccepted_httpAndTcpRefused() throws Exception {
    ProcessSpec a = load("pre_start_hook=/bin/sh -c 'echo \"pre start\"'\npre_stop_hook=script:// drain.sh --fast\n");
    assertThat(a.extras().preStartHook()).containsExactly("/bin/sh", "-c", "echo \"pre start\"");
    assertThat(a.extras().preStopHook()).containsExactly("drain.sh", "--fast");
    assertThat(load("").extras().preStartHook()).isEmpty();
    assertThatThrownBy(() -> load("pre_stop_hook=http://127.0.0.1:8080/drain\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unsupported pre_stop_hook 'http://127.0.0.1:8080/drain'")
        .hasMessageContaining("section 'program:a'")
        .hasMessageContaining("pre_stop_hook");
  }
}
