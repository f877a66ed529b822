package dev.jsupervisor.web.logtail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TailFollowerTest {

  @TempDir Path dir;

  private Path file(String content) throws Exception {
    Path f = dir.resolve("x.log");
    Files.writeString(f, content);
    return f;
  }

  private static void append(Path f, String s) throws Exception {
    Files.writeString(f, s, StandardOpenOption.APPEND);
  }

  private static String poll(TailFollower t) throws Exception {
    return new String(t.poll(1 << 20), StandardCharsets.UTF_8);
  }

  @Test
  void poll_firstOnBigFile_returnsLastHeadBytes() throws Exception {
    String content = "a".repeat(2000) + "b".repeat(1024);
    try (TailFollower t = TailFollower.open(file(content), 1024)) {
      assertThat(poll(t)).isEqualTo("b".repeat(1024));
      assertThat(poll(t)).isEmpty();
    }
  }

  @Test
  void poll_firstOnSmallFile_returnsWholeFile() throws Exception {
    try (TailFollower t = TailFollower.open(file("hello\n"), 1024)) {
      assertThat(poll(t)).isEqualTo("hello\n");
    }
  }

  @Test
  void poll_afterAppend_returnsOnlyAppended() throws Exception {
    Path f = file("one\n");
    try (TailFollower t = TailFollower.open(f, 1024)) {
      poll(t);
      append(f, "two\n");
      assertThat(poll(t)).isEqualTo("two\n");
      assertThat(t.behind()).isFalse();
    }
  }

  @Test
  void poll_withSmallMax_returnsPiecesAndReportsBehind() throws Exception {
    Path f = file("0123456789");
    try (TailFollower t = TailFollower.open(f, 1024)) {
      assertThat(new String(t.poll(4), StandardCharsets.UTF_8)).isEqualTo("0123");
      assertThat(t.behind()).isTrue();
      assertThat(new String(t.poll(4), StandardCharsets.UTF_8)).isEqualTo("4567");
      assertThat(new String(t.poll(4), StandardCharsets.UTF_8)).isEqualTo("89");
      assertThat(t.behind()).isFalse();
    }
  }

  @Test
  void poll_fileShrank_saysTruncatedThenReadsFromStart() throws Exception {
    Path f = file("a long first line\n");
    try (TailFollower t = TailFollower.open(f, 1024)) {
      poll(t);
      Files.writeString(f, "new\n", StandardOpenOption.TRUNCATE_EXISTING);
      assertThat(poll(t)).isEqualTo("==> File truncated <==\n");
      assertThat(poll(t)).isEqualTo("new\n");
    }
  }

  @Test
  void poll_fileRotated_followsNewFileFromItsBeginning() throws Exception {
    Path f = file("old content\n");
    try (TailFollower t = TailFollower.open(f, 1024)) {
      poll(t);
      Files.move(f, dir.resolve("x.log.1"));
      Files.writeString(f, "fresh\n");
      assertThat(poll(t)).isEqualTo("fresh\n");
    }
  }

  @Test
  void poll_fileUnlinked_keepsReadingOpenHandle() throws Exception {
    Path f = file("x\n");
    try (TailFollower t = TailFollower.open(f, 1024)) {
      poll(t);
      Files.delete(f);
      assertThat(poll(t)).isEmpty();
    }
  }

  @Test
  void read_farBehind_skipsToTheLastHeadBytesWithAMarker() throws Exception {
    Path f = file("");
    try (TailFollower t = TailFollower.open(f, 4, 10)) {
      append(f, "0123456789abcdefghij");
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
      int n = t.read(buffer);
      assertThat(new String(buffer.array(), 0, n, StandardCharsets.UTF_8))
          .isEqualTo("==> 16 bytes skipped <==\nghij");
      append(f, "0123456789");
      assertThat(poll(t)).isEqualTo("0123456789"); // within the lag: nothing skipped
    }
  }
}
