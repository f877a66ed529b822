package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CommandLineTest {
  @TempDir Path dir;

  @Test
  void split_quotesAndEscapes_likePythonShlex() {
    assertThat(CommandLine.split("bash -c 'echo one; echo two'")).containsExactly("bash", "-c", "echo one; echo two");
    assertThat(CommandLine.split("a \"b \\\"c\\\" \\d\" e\\ f")).containsExactly("a", "b \"c\" \\d", "e f");
    assertThat(CommandLine.split("  x  ''  \"\" # not a comment ")).containsExactly("x", "", "", "#", "not", "a", "comment");
    assertThat(CommandLine.split("a'b'\"c\"d")).containsExactly("abcd");
    assertThat(CommandLine.split("'\\n'")).containsExactly("\\n");
    assertThat(CommandLine.split("")).isEmpty();
  }

  @Test
  void split_unbalanced_failsLikeShlex() {
    assertThatThrownBy(() -> CommandLine.split("echo 'one")).hasMessage("No closing quotation");
    assertThatThrownBy(() -> CommandLine.split("echo one\\")).hasMessage("No escaped character");
  }

  @Test
  void resolve_unparseable_notExecutableWithPythonRepr() {
    assertThatThrownBy(() -> CommandLine.resolve("bash -c 'echo one", "/bin"))
        .isInstanceOfSatisfying(CommandLine.BadCommandException.class, e -> {
          assertThat(e.reason()).isEqualTo(ControlException.Reason.NOT_EXECUTABLE);
          assertThat(e).hasMessage("can't parse command \"bash -c 'echo one\": No closing quotation");
        });
  }

  @Test
  void resolve_empty_commandIsEmpty() {
    assertThatThrownBy(() -> CommandLine.resolve("   ", "/bin")).hasMessage("command is empty");
  }

  @Test
  void resolve_missing_noFile() throws Exception {
    Path x = dir.resolve("x");
    assertThatThrownBy(() -> CommandLine.resolve(x.toString(), "/bin"))
        .isInstanceOfSatisfying(CommandLine.BadCommandException.class, e -> {
          assertThat(e.reason()).isEqualTo(ControlException.Reason.NO_FILE);
          assertThat(e.toControlException()).hasMessage("NO_FILE: can't find command '" + x + "'");
        });
    assertThatThrownBy(() -> CommandLine.resolve("no-such-program-here", dir.toString()))
        .hasMessage("can't find command 'no-such-program-here'");
  }

  @Test
  void resolve_directory_isADirectory() {
    assertThatThrownBy(() -> CommandLine.resolve(dir.toString(), "/bin"))
        .hasMessage("command at '" + dir + "' is a directory");
  }

  @Test
  void resolve_noExecBit_isNotExecutable() throws IOException {
    Path f = Files.createFile(dir.resolve("script"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    assertThatThrownBy(() -> CommandLine.resolve(f + " arg", "/bin"))
        .hasMessage("command at '" + f + "' is not executable");
  }

  @Test
  void resolve_bareName_searchesPathInOrder() throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    Path tool = Files.createFile(b.resolve("tool"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(CommandLine.resolve("tool --flag 'x y'", a + ":" + b)).containsExactly(tool.toString(), "--flag", "x y");
  }

  @Test
  void pyRepr_choosesQuotesLikePython() {
    assertThat(CommandLine.pyRepr("/x")).isEqualTo("'/x'");
    assertThat(CommandLine.pyRepr("it's")).isEqualTo("\"it's\"");
    assertThat(CommandLine.pyRepr("a'b\"c")).isEqualTo("'a\\'b\"c'");
    assertThat(CommandLine.pyRepr("t\tn\n")).isEqualTo("'t\\tn\\n'");
  }

  @Test
  void resolve_absoluteExecutable_keepsArguments() throws Exception {
    assertThat(CommandLine.resolve("/bin/sh -c 'exit 3'", null)).isEqualTo(List.of("/bin/sh", "-c", "exit 3"));
  }
}
