package dev.jsupervisor.web.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.ControlException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LogWindowTest {
  @TempDir Path dir;

  private Path log(String text) throws Exception {
    return Files.writeString(dir.resolve("x.log"), text, StandardCharsets.UTF_8);
  }

  @Test
  void tail_withoutOffset_givesTheLastBytesAndTheirRange() throws Exception {
    Path f = log("0123456789");
    LogWindow w = LogWindow.tail(f, -1, 4);
    assertThat(w.text()).isEqualTo("6789");
    assertThat(w.start()).isEqualTo(6);
    assertThat(w.end()).isEqualTo(10);
    assertThat(w.overflow()).isFalse();
  }

  @Test
  void tail_fromOffset_givesOnlyNewBytes() throws Exception {
    Path f = log("0123456789");
    LogWindow w = LogWindow.tail(f, 7, 100);
    assertThat(w.text()).isEqualTo("789");
    assertThat(w.start()).isEqualTo(7);
  }

  @Test
  void tail_moreNewBytesThanLength_skipsAndSaysOverflow() throws Exception {
    Path f = log("0123456789");
    LogWindow w = LogWindow.tail(f, 2, 3);
    assertThat(w.text()).isEqualTo("789");
    assertThat(w.overflow()).isTrue();
  }

  @Test
  void tail_offsetBeyondEnd_saysReset() throws Exception {
    Path f = log("abc");
    LogWindow w = LogWindow.tail(f, 50, 10);
    assertThat(w.reset()).isTrue();
    assertThat(w.text()).isEqualTo("abc");
    assertThat(w.end()).isEqualTo(3);
  }

  @Test
  void before_givesTheBytesBeforeEnd() throws Exception {
    Path f = log("0123456789");
    LogWindow w = LogWindow.before(f, 6, 4);
    assertThat(w.text()).isEqualTo("2345");
    assertThat(w.start()).isEqualTo(2);
    assertThat(w.end()).isEqualTo(6);
    assertThat(LogWindow.before(f, 3, 10).text()).isEqualTo("012");
  }

  @Test
  void tail_cutInsideMultibyteCharacters_keepsWholeCharacters() throws Exception {
    Path f = log("aé€b"); // a(1) é(2) €(3) b(1) = 7 bytes
    LogWindow w = LogWindow.tail(f, -1, 5); // starts inside é
    assertThat(w.text()).isEqualTo("€b");
    assertThat(w.start()).isEqualTo(3);
    Files.write(f, new byte[] {'a', (byte) 0xE2, (byte) 0x82}); // € half written
    LogWindow half = LogWindow.tail(f, 0, 10);
    assertThat(half.text()).isEqualTo("a");
    assertThat(half.end()).isEqualTo(1);
  }

  @Test
  void tail_missingFile_isNoFile() {
    assertThatThrownBy(() -> LogWindow.tail(dir.resolve("nope"), -1, 10))
        .isInstanceOf(ControlException.class)
        .hasMessageStartingWith("NO_FILE");
  }
}
