package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LogFilesTest {
  @TempDir Path dir;
  private Path file;
  private byte[] content;

  @BeforeEach
  void setUp() throws IOException {
    file = dir.resolve("x.log");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 357; i++) {
      sb.append((char) ('a' + i % 26));
    }
    content = sb.substring(0, 357).getBytes(StandardCharsets.US_ASCII);
    Files.write(file, content);
  }

  private byte[] slice(int from, int to) {
    return java.util.Arrays.copyOfRange(content, from, to);
  }

  @Test
  void read_negativeOffsetZeroLength_returnsLastBytes() throws Exception {
    assertThat(LogFiles.read(file, -50, 0)).isEqualTo(slice(307, 357));
  }

  @Test
  void read_negativeOffsetLargerThanFile_returnsWholeFile() throws Exception {
    assertThat(LogFiles.read(file, -1000, 0)).isEqualTo(content);
  }

  @Test
  void read_negativeOffsetNonZeroLength_badArguments() {
    assertThatThrownBy(() -> LogFiles.read(file, -5, 3))
        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_ARGUMENTS));
  }

  @Test
  void read_negativeLength_badArguments() {
    assertThatThrownBy(() -> LogFiles.read(file, 0, -1))
        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_ARGUMENTS));
  }

  @Test
  void read_offsetZeroLength_readsToEof() throws Exception {
    assertThat(LogFiles.read(file, 100, 0)).isEqualTo(slice(100, 357));
    assertThat(LogFiles.read(file, 0, 0)).isEqualTo(content);
  }

  @Test
  void read_offsetAndLength_readsThatMany() throws Exception {
    assertThat(LogFiles.read(file, 10, 20)).isEqualTo(slice(10, 30));
    assertThat(LogFiles.read(file, 350, 20)).isEqualTo(slice(350, 357));
    assertThat(LogFiles.read(file, 1000, 20)).isEmpty();
  }

  @Test
  void read_missingFile_noFileWithPath() {
    Path missing = dir.resolve("missing.log");
    assertThatThrownBy(() -> LogFiles.read(missing, 0, 0))
        .isInstanceOfSatisfying(ControlException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.NO_FILE);
          assertThat(e.detail()).isEqualTo(missing.toString());
        });
  }

  @Test
  void read_unreadable_failed() {
    // a directory exists but cannot be read as a file
    assertThatThrownBy(() -> LogFiles.read(dir, 0, 0))
        .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED));
  }

  @Test
  void tail_fromZeroOnLargerFile_lastBytesAndOverflow() {
    TailResult r = LogFiles.tail(file, 0, 50);
    assertThat(r.bytes()).isEqualTo(slice(307, 357));
    assertThat(r.offset()).isEqualTo(357);
    assertThat(r.overflow()).isTrue();
  }

  @Test
  void tail_offsetPastEof_emptyNoOverflow() {
    TailResult r = LogFiles.tail(file, 10_000_000, 50);
    assertThat(r.bytes()).isEmpty();
    assertThat(r.offset()).isEqualTo(357);
    assertThat(r.overflow()).isFalse();
  }

  @Test
  void tail_offsetWithinLastLength_returnsLengthBytesEndingAtEof() {
    // offset + length > sz, offset <= sz-1: supervisord returns `length` bytes ending at EOF
    TailResult r = LogFiles.tail(file, 340, 50);
    assertThat(r.bytes()).isEqualTo(slice(307, 357));
    assertThat(r.offset()).isEqualTo(357);
    assertThat(r.overflow()).isFalse();
  }

  @Test
  void tail_exactlyCaughtUp_returnsEmpty() {
    TailResult r = LogFiles.tail(file, 357, 50);
    assertThat(r.bytes()).isEmpty();
    assertThat(r.offset()).isEqualTo(357);
    assertThat(r.overflow()).isFalse();
  }

  @Test
  void tail_lengthLargerThanFile_wholeFile() {
    TailResult r = LogFiles.tail(file, 0, 1000);
    assertThat(r.bytes()).isEqualTo(content);
    assertThat(r.offset()).isEqualTo(357);
    assertThat(r.overflow()).isFalse();
  }

  @Test
  void tail_missingFile_emptyZeroNoOverflow() {
    TailResult r = LogFiles.tail(dir.resolve("missing.log"), 5, 50);
    assertThat(r.bytes()).isEmpty();
    assertThat(r.offset()).isZero();
    assertThat(r.overflow()).isFalse();
  }

  @Test
  void tail_readError_emptyGivenOffsetNoOverflow() {
    TailResult r = LogFiles.tail(dir, 5, 50);
    assertThat(r.bytes()).isEmpty();
    assertThat(r.offset()).isEqualTo(5);
    assertThat(r.overflow()).isFalse();
  }
}
