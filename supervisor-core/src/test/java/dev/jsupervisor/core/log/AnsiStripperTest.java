package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class AnsiStripperTest {
  @TempDir Path dir;

  private static byte[] strip(byte[] in, int... chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AnsiStripper s = new AnsiStripper(out::write);
    int off = 0;
    for (int c : chunks) {
      s.write(in, off, c);
      off += c;
    }
    s.write(in, off, in.length - off);
    return out.toByteArray();
  }

  private static String strip(String in, int... chunks) {
    return new String(strip(in.getBytes(StandardCharsets.ISO_8859_1), chunks), StandardCharsets.ISO_8859_1);
  }

  @Test
  void colours_andCursorMoves_go_otherBytesStay() {
    assertThat(strip("\u001b[1;31mred\u001b[0m plain \u001b[2K\u001b[10;20Hat\n")).isEqualTo("red plain at\n");
    assertThat(strip("lone \u001b escape \u001b]0;title\u0007 stays")).isEqualTo("lone \u001b escape \u001b]0;title\u0007 stays");
    // as supervisord: everything up to the next terminator letter goes, whatever comes between
    assertThat(strip("\u001b[?25lhidden cursor")).isEqualTo("hidden cursor");
    assertThat(strip("\u001b[12xyz;m rest")).isEqualTo(" rest");
  }

  @Test
  void anEscapeSplitAcrossReads_isStrippedWhole() {
    String s = "a\u001b[31mb\u001b[0mc";
    for (int cut = 0; cut <= s.length(); cut++) {
      // a read that ends just after ESC: that ESC is written already (supervisord writes it too)
      String expected = cut == 2 ? "a\u001bbc" : cut == 8 ? "ab\u001bc" : "abc";
      assertThat(strip(s, cut)).as("cut at %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void anUnterminatedEscape_endsWithItsReadWhenLong_asSupervisords() {
    String open = "x\u001b[" + "9".repeat(AnsiStripper.CARRY + 10);
    assertThat(strip(open + "tail", open.length())).isEqualTo("xtail");
  }

  @Test
  void sameAsPythonSupervisordsStripEscapes_onRandomInput() throws Exception {
    Random r = new Random(16);
    byte[] alphabet = "\u001b\u001b\u001b[[[[;0123mHKfAzq \n\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> cases = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      byte[] b = new byte[r.nextInt(40)];
      for (int k = 0; k < b.length; k++) {
        b[k] = alphabet[r.nextInt(alphabet.length)];
      }
      cases.add(b);
    }
    Path input = dir.resolve("cases.txt");
    HexFormat hex = HexFormat.of();
    Files.write(input, cases.stream().map(hex::formatHex).toList());
    Process py = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
        "import sys",
        "from supervisor.dispatchers import stripEscapes",
        "for line in open(sys.argv[1]):",
        "    print(stripEscapes(bytes.fromhex(line.strip())).hex())"), input.toString())
        .redirectErrorStream(true).start();
    String answer = new String(py.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(py.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(py.exitValue()).as(answer).isZero();
    String[] expected = answer.split("\n", -1);
    for (int i = 0; i < cases.size(); i++) {
      byte[] c = cases.get(i);
      // one read, as supervisord strips each read: byte-for-byte the same
      assertThat(hex.formatHex(strip(c))).as("case %s", hex.formatHex(c)).isEqualTo(expected[i]);
    }
    assertThat(Arrays.asList(expected).subList(cases.size(), expected.length)).containsOnly("");
  }
}
