package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.FakeTimeSource;
import dev.jsupervisor.core.LogFormatSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineFormatterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeTimeSource time = new FakeTimeSource();
  private final StringBuilder out = new StringBuilder();

  private LineFormatter formatter(LogFormatSpec.Format format, int maxLine, String pattern) {
    return new LineFormatter(new LogFormatSpec.Lines(format, pattern, maxLine), "web_01", "web", "stdout",
        time, ZoneOffset.UTC);
  }

  private void feed(LineFormatter f, byte[] b) {
    int n = f.feed(42, b, 0, b.length);
    out.append(new String(f.buffer(), 0, n, StandardCharsets.UTF_8));
  }

  private void feed(LineFormatter f, String s) {
    feed(f, s.getBytes(StandardCharsets.UTF_8));
  }

  private List<JsonNode> jsonLines() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString().split("\n", -1)) {
      if (!line.isEmpty()) {
        nodes.add(JSON.readTree(line));
      }
    }
    assertThat(out.toString()).endsWith("\n");
    return nodes;
  }

  @Test
  void timestamped_defaultIsIsoWithMillis_andLinesSplitAcrossReadsAreJoined() {
    LineFormatter f = formatter(LogFormatSpec.Format.TIMESTAMPED, 1024, "");
    time.advance(Duration.ofMillis(7));
    feed(f, "hel");
    time.advance(Duration.ofSeconds(2)); // the line's time is its first byte's
    feed(f, "lo\r\nwor");
    feed(f, "ld\n");
    assertThat(out.toString()).isEqualTo("2026-11-24T15:05:00.007Z hello\n2026-11-24T15:05:02.007Z world\n");
  }

  @Test
  void timestamped_customPattern() {
    LineFormatter f = formatter(LogFormatSpec.Format.TIMESTAMPED, 1024, "yyyy-MM-dd HH:mm:ss,SSS");
    feed(f, "a\nb\n");
    assertThat(out.toString()).isEqualTo("2026-11-24 15:05:00,000 a\n2026-11-24 15:05:00,000 b\n");
  }

  @Test
  void json_hasTheIssuesFields_andEscapesWhatJsonNeeds() throws Exception {
    LineFormatter f = formatter(LogFormatSpec.Format.JSON, 1024, "");
    feed(f, "say \"hi\"\t\\ \u0001 ünïcödé ✓ 😀\n");
    List<JsonNode> lines = jsonLines();
    assertThat(lines).hasSize(1);
    JsonNode n = lines.get(0);
    assertThat(n.get("ts").asText()).isEqualTo("2026-11-24T15:05:00.000Z");
    assertThat(n.get("program").asText()).isEqualTo("web_01");
    assertThat(n.get("group").asText()).isEqualTo("web");
    assertThat(n.get("pid").asInt()).isEqualTo(42);
    assertThat(n.get("stream").asText()).isEqualTo("stdout");
    assertThat(n.get("msg").asText()).isEqualTo("say \"hi\"\t\\ \u0001 ünïcödé ✓ 😀");
    assertThat(n.has("cut")).isFalse();
  }

  @Test
  void invalidUtf8_isEscapedNeverDropped() throws Exception {
    byte[] bad = {'a', (byte) 0xff, 'b', (byte) 0xc3, '\n', (byte) 0xe2, (byte) 0x9c, '\n', (byte) 0xed, (byte) 0xa0,
        (byte) 0x80, '\n'};
    LineFormatter t = formatter(LogFormatSpec.Format.TIMESTAMPED, 1024, "");
    feed(t, bad);
    assertThat(out.toString()).isEqualTo("2026-11-24T15:05:00.000Z a\\xffb\\xc3\n"
        + "2026-11-24T15:05:00.000Z \\xe2\\x9c\n2026-11-24T15:05:00.000Z \\xed\\xa0\\x80\n");
    out.setLength(0);
    LineFormatter j = formatter(LogFormatSpec.Format.JSON, 1024, "");
    feed(j, bad);
    assertThat(jsonLines()).extracting(n -> n.get("msg").asText())
        .containsExactly("a\\xffb\\xc3", "\\xe2\\x9c", "\\xed\\xa0\\x80");
  }

  @Test
  void aLongLine_isCutIntoMarkedPieces_atCharacterBoundaries_whetherItArrivesWholeOrInBits() throws Exception {
    String line = "é".repeat(100); // 200 bytes; bound 65: never cut inside a character
    for (int chunk : new int[] {1000, 7, 1}) {
      out.setLength(0);
      LineFormatter f = formatter(LogFormatSpec.Format.JSON, 65, "");
      byte[] b = (line + "\nnext\n").getBytes(StandardCharsets.UTF_8);
      for (int off = 0; off < b.length; off += chunk) {
        feed(f, Arrays.copyOfRange(b, off, Math.min(b.length, off + chunk)));
      }
      List<JsonNode> lines = jsonLines();
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < lines.size() - 1; i++) {
        JsonNode n = lines.get(i);
        String msg = n.get("msg").asText();
        assertThat(msg.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65);
        assertThat(n.path("cut").asBoolean()).isEqualTo(i < lines.size() - 2);
        joined.append(msg);
      }
      assertThat(joined.toString()).as("chunk %d", chunk).isEqualTo(line);
      assertThat(lines.get(lines.size() - 1).get("msg").asText()).isEqualTo("next");
    }
  }

  @Test
  void timestampedCut_carriesTheMarker() {
    LineFormatter f = formatter(LogFormatSpec.Format.TIMESTAMPED, 64, "");
    feed(f, "x".repeat(100) + "\n");
    assertThat(out.toString()).isEqualTo("2026-11-24T15:05:00.000Z " + "x".repeat(64) + LineFormatter.CUT_MARK + "\n"
        + "2026-11-24T15:05:00.000Z " + "x".repeat(36) + "\n");
  }

  @Test
  void partialLine_isHeldUntilFlushed() throws Exception {
    LineFormatter f = formatter(LogFormatSpec.Format.JSON, 1024, "");
    feed(f, "no newline yet");
    assertThat(out.toString()).isEmpty();
    assertThat(f.hasPartial()).isTrue();
    int n = f.flush(42);
    out.append(new String(f.buffer(), 0, n, StandardCharsets.UTF_8));
    assertThat(jsonLines()).extracting(j -> j.get("msg").asText()).containsExactly("no newline yet");
    assertThat(f.hasPartial()).isFalse();
    assertThat(f.flush(42)).isZero();
  }

  @Test
  void emptyLines_areKept() throws Exception {
    LineFormatter f = formatter(LogFormatSpec.Format.JSON, 1024, "");
    feed(f, "\n\na\n");
    assertThat(jsonLines()).extracting(j -> j.get("msg").asText()).containsExactly("", "", "a");
  }
  @Test
  void wholeLinesInOneRead_comeOutAsTheSameLinesFedByteByByte() {
    // a whole line in one read takes the copy-at-once path; byte by byte, every line is a joined partial
    byte[][] pieces = {"plain text ".getBytes(StandardCharsets.UTF_8), "\"q\"".getBytes(StandardCharsets.UTF_8),
        "\\".getBytes(StandardCharsets.UTF_8), "\t".getBytes(StandardCharsets.UTF_8), "\r".getBytes(StandardCharsets.UTF_8),
        {0x01}, "é✓😀".getBytes(StandardCharsets.UTF_8), {(byte) 0xff}, {(byte) 0xc3}, "\n".getBytes(StandardCharsets.UTF_8)};
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (LogFormatSpec.Format format : new LogFormatSpec.Format[] {LogFormatSpec.Format.TIMESTAMPED,
        LogFormatSpec.Format.JSON}) {
      for (int round = 0; round < 300; round++) {
        java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
        for (int k = r.nextInt(1, 30); k > 0; k--) {
          input.writeBytes(pieces[r.nextInt(pieces.length)]);
        }
        input.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        byte[] b = input.toByteArray();
        out.setLength(0);
        feed(formatter(format, 1024, ""), b);
        String whole = out.toString();
        out.setLength(0);
        LineFormatter bytewise = formatter(format, 1024, "");
        for (int i = 0; i < b.length; i++) {
          feed(bytewise, new byte[] {b[i]});
        }
        assertThat(whole).as("%s %s", format, Arrays.toString(b)).isEqualTo(out.toString());
      }
    }
  }
}
