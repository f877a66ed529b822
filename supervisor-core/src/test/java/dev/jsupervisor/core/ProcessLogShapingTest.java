package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's side of log shaping: pids and names in JSON lines, partial lines, strip_ansi. */
final class ProcessLogShapingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Harness harness(LogFormatSpec format, boolean events) {
    Path f = dir.resolve("out.log");
    ProcessSpec spec = ProcessSpec.builder("worker", "/bin/cat").startsecs(Duration.ZERO)
        .stdout(new LogSpec(List.of(new LogTarget.File(f)), 0, 0, 0, events, false)).stderr(LogSpec.NONE)
        .logFormat(format).build();
    return new Harness(GroupSpec.single(spec)).start();
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(dir.resolve("out.log"))) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private static LogFormatSpec json(boolean stripAnsi) {
    return new LogFormatSpec(stripAnsi, LogFormatSpec.Format.JSON, "", 1024, "", false);
  }

  @Test
  void jsonLines_carryTheChildsPidAndNames_andAPartialLineWaitsForIdleOnTheLoopClock() throws Exception {
    Harness h = harness(json(false), false);
    FakeChild child = h.launcher.last();
    child.emitStdout("one\ntw");
    h.loop.runUntilIdle();
    assertThat(lines()).extracting(n -> n.get("msg").asText()).containsExactly("one");
    JsonNode first = lines().get(0);
    assertThat(first.get("pid").asInt()).isEqualTo(child.pid());
    assertThat(first.get("program").asText()).isEqualTo("worker");
    assertThat(first.get("group").asText()).isEqualTo("worker");
    h.advance(Duration.ofMillis(900));
    child.emitStdout("o"); // still coming: the idle time starts again
    h.loop.runUntilIdle();
    h.advance(Duration.ofMillis(900));
    assertThat(lines()).hasSize(1);
    h.advance(Duration.ofMillis(100));
    assertThat(lines()).extracting(n -> n.get("msg").asText()).containsExactly("one", "two");
  }

  @Test
  void aPartialLine_isWrittenWhenTheChildExits() throws Exception {
    Harness h = harness(json(false), false);
    FakeChild child = h.launcher.last();
    child.emitStdout("last words");
    child.exit(0);
    h.loop.runUntilIdle();
    assertThat(lines()).extracting(n -> n.get("msg").asText()).containsExactly("last words");
    assertThat(lines().get(0).get("pid").asInt()).isEqualTo(child.pid());
  }

  @Test
  void stripAnsi_appliesToTheLogAndToProcessLogEvents_asSupervisords() throws Exception {
    Harness h = harness(json(true), true);
    h.launcher.last().emitStdout("\u001b[1;32mgreen\u001b[0m\n");
    h.loop.runUntilIdle();
    assertThat(lines()).extracting(n -> n.get("msg").asText()).containsExactly("green");
    assertThat(h.events.events()).filteredOn(e -> e instanceof SupervisorEvent.ProcessOutput)
        .extracting(e -> new String(((SupervisorEvent.ProcessOutput) e).data(), StandardCharsets.UTF_8))
        .containsExactly("green\n");
  }

  @Test
  void rawByDefault_escapesAndAllStay() throws Exception {
    Path f = dir.resolve("out.log");
    ProcessSpec spec = ProcessSpec.builder("worker", "/bin/cat").startsecs(Duration.ZERO)
        .stdout(new LogSpec(List.of(new LogTarget.File(f)), 0, 0, 0, false, false)).stderr(LogSpec.NONE).build();
    assertThat(spec.logFormat()).isEqualTo(LogFormatSpec.RAW);
    Harness h = new Harness(GroupSpec.single(spec)).start();
    h.launcher.last().emitStdout("\u001b[1mbold\u001b[0m partial");
    h.advance(Duration.ofSeconds(5));
    assertThat(Files.readString(f)).isEqualTo("\u001b[1mbold\u001b[0m partial");
  }

  @Test
  void eachChannel_hasItsOwnLineShape() throws Exception {
    Path err = dir.resolve("err.log");
    Harness h = catLoggingTo(dir.resolve("out.log"), err, new LogFormatSpec(false,
        new LogFormatSpec.Lines(LogFormatSpec.Format.JSON, "", 1024),
        new LogFormatSpec.Lines(LogFormatSpec.Format.TIMESTAMPED, "'T'HH", 64), "", false));
    FakeChild child = h.launcher.last();
    child.emitStdout("to out\n");
    child.emitStderr("to err\n" + "x".repeat(70) + "\n");
    h.loop.runUntilIdle();
    assertThat(lines()).singleElement().satisfies(n -> {
      assertThat(n.get("msg").asText()).isEqualTo("to out");
      assertThat(n.get("stream").asText()).isEqualTo("stdout");
    });
    assertThat(Files.readAllLines(err)).allMatch(l -> l.matches("T\\d\\d .*"))
        .extracting(l -> l.substring(4))
        .containsExactly("to err", "x".repeat(64) + " [cut]", "x".repeat(6)); // stderr's own bound
  }

  @Test
  void aRawChannel_nextToAShapedOne_getsTheBytesAsWritten() throws Exception {
    Path out = dir.resolve("out.log");
    Path err = dir.resolve("err.log");
    Harness h = catLoggingTo(out, err, new LogFormatSpec(false, LogFormatSpec.Lines.RAW,
        new LogFormatSpec.Lines(LogFormatSpec.Format.JSON, "", 1024), "", false));
    FakeChild child = h.launcher.last();
    child.emitStdout("plain partial");
    child.emitStderr("shaped\n");
    h.advance(Duration.ofSeconds(5));
    assertThat(Files.readString(out)).isEqualTo("plain partial");
    assertThat(JSON.readTree(Files.readString(err)).get("stream").asText()).isEqualTo("stderr");
    assertThat(JSON.readTree(Files.readString(err)).get("msg").asText()).isEqualTo("shaped");
  }

  /** A started /bin/cat whose stdout and stderr go to one file each, shaped by {@code format}. */
  private static Harness catLoggingTo(Path out, Path err, LogFormatSpec format) {
    ProcessSpec spec = ProcessSpec.builder("worker", "/bin/cat").startsecs(Duration.ZERO)
        .stdout(new LogSpec(List.of(new LogTarget.File(out)), 0, 0, 0, false, false))
        .stderr(new LogSpec(List.of(new LogTarget.File(err)), 0, 0, 0, false, false))
        .logFormat(format).build();
    return new Harness(GroupSpec.single(spec)).start();
  }
}
