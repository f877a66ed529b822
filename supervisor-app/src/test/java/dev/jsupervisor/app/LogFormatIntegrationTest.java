package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** strip_ansi against Python supervisord 4.2.5; our JSON lines from real concurrent writers, read back by tail. */
@Tag("integration")
final class LogFormatIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path pythonDir;
  @TempDir Path javaDir;

  private static Path config(Path dir, String supervisordKeys, String programs) throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, programs);
    Files.writeString(conf, Files.readString(conf).replace("nodaemon=true\n", "nodaemon=true\n" + supervisordKeys));
    return conf;
  }

  private static void awaitText(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text))) {
      assertThat(System.nanoTime() - deadline).as("waiting for %s", file).isNegative();
      Thread.sleep(50);
    }
  }

  @Test
  @Timeout(120)
  void stripAnsi_logFileAndTail_sameAsPythonSupervisord() throws Exception {
    record Seen(byte[] file, String tail) {}
    Map<Boolean, Seen> seen = new HashMap<>();
    for (boolean reference : new boolean[] {true, false}) {
      Path dir = reference ? pythonDir : javaDir;
      Path script = dir.resolve("emit.sh");
      Files.writeString(script, "printf '\\033[1;31mred\\033[0m plain \\033[2K\\033[10;20Hmoved\\n'\n"
          + "printf 'osc \\033]0;title\\007 lone \\033 esc \\033[?25lcursor\\n'\n"
          + "printf 'done\\n'\nexec sleep 1000\n");
      Path log = dir.resolve("emit.log");
      Path conf = config(dir, "strip_ansi=true\n", String.join("\n", "[program:emit]", "command=/bin/sh " + script,
          "startsecs=0", "stdout_logfile=" + log, ""));
      try (DaemonProcess d = reference ? DaemonProcess.python(dir, conf) : DaemonProcess.java(dir, conf)) {
        d.awaitState("emit", "RUNNING", WAIT);
        awaitText(log, "done\n");
        Thread.sleep(200);
        seen.put(reference, new Seen(Files.readAllBytes(log), d.ctl("tail", "emit").output()));
      }
    }
    String python = new String(seen.get(true).file(), StandardCharsets.ISO_8859_1);
    assertThat(python).contains("red plain moved\n").contains("done\n"); // Python really stripped
    assertThat(new String(seen.get(false).file(), StandardCharsets.ISO_8859_1)).isEqualTo(python);
    // Python's own tail of these bytes fails (ESC/BEL are not XML 1.0: its client reports an
    // ExpatError); ours answers with the stripped text
    assertThat(seen.get(false).tail()).startsWith("red plain moved\nosc ").contains("done\n");
  }

  @Test
  @Timeout(120)
  void jsonLines_fromConcurrentWriters_everyLineIntact_andTailReadsThem() throws Exception {
    Path log = javaDir.resolve("many.log");
    String writers = "for w in 1 2 3 4; do (i=0; while [ $i -lt 300 ]; do echo \"w$w line $i\"; i=$((i+1)); done) & done;"
        + " wait; printf \"no newline\"; exec sleep 1000";
    Path conf = config(javaDir, "", String.join("\n", "[program:many]", "command=/bin/sh -c '" + writers + "'",
        "startsecs=0", "stdout_logfile=" + log, "log_format=json", ""));
    try (DaemonProcess d = DaemonProcess.java(javaDir, conf)) {
      d.awaitState("many", "RUNNING", WAIT);
      // 1200 lines, then the partial one after the idle second
      awaitText(log, "no newline");
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).hasSize(1201);
      Map<String, Integer> next = new HashMap<>();
      long pid = -1;
      for (String line : lines.subList(0, 1200)) {
        JsonNode n = JSON.readTree(line);
        String[] words = n.get("msg").asText().split(" ");
        assertThat(words).hasSize(3);
        int i = next.merge(words[0], 1, Integer::sum) - 1;
        assertThat(words[2]).isEqualTo(String.valueOf(i));
        assertThat(n.get("program").asText()).isEqualTo("many");
        assertThat(n.get("group").asText()).isEqualTo("many");
        assertThat(n.get("stream").asText()).isEqualTo("stdout");
        assertThat(n.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
        pid = n.get("pid").asLong();
      }
      assertThat(next).containsOnlyKeys("w1", "w2", "w3", "w4").allSatisfy((w, c) -> assertThat(c).isEqualTo(300));
      assertThat(JSON.readTree(lines.get(1200)).get("msg").asText()).isEqualTo("no newline");
      assertThat(d.ctl("pid", "many").output().strip()).isEqualTo(String.valueOf(pid));
      // supervisorctl tail (tailProcessStdoutLog) shows the JSON lines as written
      String tail = d.ctl("tail", "many").output();
      assertThat(tail.strip()).endsWith(lines.get(1200));
      assertThat(tail.lines().skip(1).filter(l -> !l.isBlank()).toList()).allSatisfy(l -> assertThat(JSON.readTree(l).has("msg")).isTrue());
    }
  }

  @Test
  @Timeout(120)
  void perChannelFormats_stdoutJson_stderrTimestamped_fromARealProgram() throws Exception {
    Path out = javaDir.resolve("both.out.log");
    Path err = javaDir.resolve("both.err.log");
    String both = "i=0; while [ $i -lt 200 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done;"
        + " echo out-done; echo err-done >&2; exec sleep 1000";
    Path conf = config(javaDir, "", String.join("\n", "[program:both]", "command=/bin/sh -c '" + both + "'",
        "startsecs=0", "stdout_logfile=" + out, "stderr_logfile=" + err, "log_format=json",
        "stderr_log_format=timestamped", "stderr_log_timestamp_format=yyyy-MM-dd HH:mm:ss", ""));
    try (DaemonProcess d = DaemonProcess.java(javaDir, conf)) {
      d.awaitState("both", "RUNNING", WAIT);
      awaitText(out, "out-done");
      awaitText(err, "err-done\n");
      List<String> outLines = Files.readAllLines(out);
      assertThat(outLines).hasSize(201);
      for (int i = 0; i < 200; i++) {
        JsonNode n = JSON.readTree(outLines.get(i));
        assertThat(n.get("msg").asText()).isEqualTo("out " + i);
        assertThat(n.get("stream").asText()).isEqualTo("stdout");
      }
      List<String> errLines = Files.readAllLines(err);
      assertThat(errLines).hasSize(201);
      for (int i = 0; i < 200; i++) {
        assertThat(errLines.get(i)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d err " + i);
      }
      // tail -stderr reads the timestamped file as written
      assertThat(d.ctl("tail", "both", "stderr").output()).contains(" err 199\n").contains(" err-done\n");
    }
  }
}
