package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CompletionsTest {
  private static final List<ProcessInfo> PROCESSES = List.of(
      info("sleeper", "sleeper"), info("grp", "sleeper2"), info("grp", "manual2"),
      info("worker", "worker_00"), info("worker", "worker_01"), info("web-1", "web-1"));

  /** (line, text) pairs: the buffer and the word being completed at its end. */
  private static final List<String[]> CASES = List.of(
      c("", ""), c("st", "st"), c("h", "h"), c("  ", ""), c("nosuch", "nosuch"),
      c("start ", ""), c("start s", "s"), c("start g", "g"), c("start grp:", "grp:"),
      c("start sleeper:", "sleeper:"), c("stop w", "w"), c("status web", "web"),
      c("restart sleeper gr", "gr"), c("tail -f ", ""), c("signal HUP wor", "wor"),
      c("fg ", ""), c("pid ", ""), c("clear ", ""), c("help ", ""), c("help re", "re"),
      c("h ", ""), c("el st", "st"), c("add ", ""), c("remove w", "w"), c("update ", ""),
      c("avail ", ""), c("reread ", ""), c("version ", ""), c("start", "start"),
      c("maintail ", ""), c("shutdown ", ""));

  @Test
  void matches_sameCasesAsPythonSupervisorctl_sameCandidatesInOrder(@TempDir Path dir) throws Exception {
    Completions ours = new Completions(vocabulary(), () -> PROCESSES);
    List<String> theirs = python(dir);
    for (int i = 0; i < CASES.size(); i++) {
      String[] c = CASES.get(i);
      assertThat(String.join("|", ours.matches(c[0], c[1])))
          .as("line '%s', text '%s'", c[0], c[1])
          .isEqualTo(theirs.get(i));
    }
  }

  @Test
  void matches_severalTabsBeforeTheNextCommand_askTheServerOnce() {
    AtomicInteger calls = new AtomicInteger();
    Completions c = new Completions(vocabulary(), () -> {
      calls.incrementAndGet();
      return PROCESSES;
    });
    c.matches("start ", "");
    c.matches("start g", "g");
    assertThat(calls).hasValue(1);
    c.forget();
    assertThat(c.matches("stop s", "s")).containsExactly("sleeper");
    assertThat(calls).hasValue(2);
  }

  @Test
  void matches_serverDown_offersNothingAndAsksAgainNextTime() {
    AtomicInteger calls = new AtomicInteger();
    Completions c = new Completions(vocabulary(), () -> {
      calls.incrementAndGet();
      throw new ServerException(ServerException.Kind.REFUSED, "refused", null);
    });
    assertThat(c.matches("start ", "")).isEmpty();
    assertThat(c.matches("start ", "")).isEmpty();
    assertThat(calls).hasValue(2);
    assertThat(c.matches("sta", "sta")).containsExactly("start", "status");
  }

  @Test
  void vocabulary_ofTheSession_isHelpThenTheDocumentedCommandsWithoutEof() throws Exception {
    CtlOptions options = CtlOptions.parse(new String[0], List.of(), Map.of());
    CtlSession s = new CtlSession(options, System.out, System.err,
        new StreamLineInput(InputStream.nullInputStream(), System.out));
    assertThat(s.completions().matches("", "")).containsExactlyElementsOf(vocabulary())
        .doesNotContain("EOF").startsWith("help", "add", "avail");
  }

  private static List<String> vocabulary() {
    List<String> v = new ArrayList<>(List.of("help"));
    v.addAll(Commands.documented(Commands.table()));
    return v;
  }

  /** Python's answers, duplicates dropped ("help" is twice in its vocabulary) and "x " as "x". */
  private static List<String> python(Path dir) throws Exception {
    Path script = dir.resolve("complete.py");
    try (InputStream in = CompletionsTest.class.getResourceAsStream("complete.py")) {
      Files.copy(in, script);
    }
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
    for (ProcessInfo p : PROCESSES) {
      cmd.add(p.group() + ":" + p.name());
    }
    StringBuilder input = new StringBuilder();
    for (String[] c : CASES) {
      input.append(c[0]).append('\t').append(c[1]).append('\n');
    }
    Path in = dir.resolve("cases.txt");
    Files.writeString(in, input);
    Process p = new ProcessBuilder(cmd).redirectInput(in.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> answers = new ArrayList<>();
    for (String line : out.split("\n", -1)) {
      LinkedHashSet<String> unique = new LinkedHashSet<>();
      for (String m : line.split("\\|")) {
        if (!m.isEmpty()) {
          unique.add(m.strip());
        }
      }
      answers.add(String.join("|", unique));
    }
    assertThat(answers.size()).isGreaterThanOrEqualTo(CASES.size());
    return answers;
  }

  private static ProcessInfo info(String group, String name) {
    return new ProcessInfo(name, group, 20, "RUNNING", "", 1);
  }

  private static String[] c(String line, String text) {
    return new String[] {line, text};
  }
}
