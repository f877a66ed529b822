package dev.jsupervisor.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.FakeTimeSource;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class ProcessLogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final FakeTimeSource time = new FakeTimeSource();

  private static LogFormatSpec spec(LogFormatSpec.Format format, String rotate, boolean gzip) {
    return new LogFormatSpec(false, format, "", 1024, rotate, gzip);
  }

  private ProcessLog open(Path file, long maxbytes, int backups, LogFormatSpec format, String program, Executor gz)
      throws Exception {
    return ProcessLog.open(program + " stdout", new LogSpec(List.of(new LogTarget.File(file)), maxbytes, backups, 0,
        false, false), format, new ProcessLog.Source(program, "g", "stdout"), ActivityLog.NONE, time,
        ZoneOffset.UTC, gz, Clock.systemUTC());
  }

  private static void write(OutputSink log, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    log.write(b, 0, b.length);
  }

  /**
   * Several processes' logs on the same file (as several programs on one /dev/stdout), each fed
   * by its own thread in random pieces: every line is whole JSON, and each program's lines are
   * all there, in order.
   */
  @Test
  void json_concurrentWritersToOneFile_everyLineIntactAndInOrder() throws Exception {
    Path f = dir.resolve("all.log");
    int writers = 4;
    int lines = 2000;
    List<ProcessLog> logs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      logs.add(open(f, 0, 0, spec(LogFormatSpec.Format.JSON, "", false), "p" + w, Runnable::run));
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      OutputSink sink = logs.get(w).forChild(() -> 1000 + id);
      Thread t = new Thread(() -> {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < lines; i++) {
          all.append("line ").append(i).append(" of p").append(id).append(" \"q\" ü\n");
        }
        byte[] b = all.toString().getBytes(StandardCharsets.UTF_8);
        Random r = new Random(id);
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int off = 0; off < b.length; ) {
          int n = Math.min(b.length - off, 1 + r.nextInt(300)); // splits lines and characters
          sink.write(b, off, n);
          off += n;
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    logs.forEach(ProcessLog::close);
    Map<String, Integer> next = new HashMap<>();
    List<String> fileLines = Files.readAllLines(f);
    assertThat(fileLines).hasSize(writers * lines);
    for (String line : fileLines) {
      JsonNode n = JSON.readTree(line);
      String program = n.get("program").asText();
      int i = next.merge(program, 1, Integer::sum) - 1;
      assertThat(n.get("msg").asText()).isEqualTo("line " + i + " of " + program + " \"q\" ü");
      assertThat(n.get("pid").asInt()).isEqualTo(1000 + Integer.parseInt(program.substring(1)));
      assertThat(n.get("group").asText()).isEqualTo("g");
      assertThat(n.get("stream").asText()).isEqualTo("stdout");
      assertThat(n.get("ts").asText()).isEqualTo("2026-11-24T15:05:00.000Z");
    }
    assertThat(next).containsOnlyKeys("p0", "p1", "p2", "p3").allSatisfy((k, v) -> assertThat(v).isEqualTo(lines));
  }

  @Test
  void timestamped_concurrentWritersOnOneLog_linesNeverInterleave() throws Exception {
    Path f = dir.resolve("t.log");
    ProcessLog log = open(f, 0, 0, spec(LogFormatSpec.Format.TIMESTAMPED, "", false), "p", Runnable::run);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          write(log, "w" + id + " " + i + "\n"); // each write is whole lines, as one pipe read of one child
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    log.close();
    List<String> all = Files.readAllLines(f);
    assertThat(all).hasSize(3000).allMatch(l -> l.matches("2026-11-24T15:05:00\\.000Z w[0-2] \\d+"));
  }

  @Test
  void partialLine_flushedOnRequestOrWhenIdle_onTheInjectedClock() throws Exception {
    Path f = dir.resolve("p.log");
    ProcessLog log = open(f, 0, 0, spec(LogFormatSpec.Format.TIMESTAMPED, "", false), "p", Runnable::run);
    int[] partialStarts = {0};
    log.onPartialLine(() -> partialStarts[0]++);
    write(log, "prompt> ");
    assertThat(partialStarts[0]).isEqualTo(1);
    assertThat(Files.readString(f)).isEmpty();
    time.advance(Duration.ofMillis(600));
    assertThat(log.flushIfIdle(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(400));
    write(log, "more");
    time.advance(Duration.ofMillis(999));
    assertThat(log.flushIfIdle(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(1));
    time.advance(Duration.ofMillis(1));
    assertThat(log.flushIfIdle(Duration.ofSeconds(1))).isEqualTo(Duration.ZERO);
    assertThat(Files.readString(f)).isEqualTo("2026-11-24T15:05:00.000Z prompt> more\n");
    write(log, "bye");
    log.flushPartial(); // the child exited
    assertThat(Files.readString(f)).endsWith(" bye\n");
    assertThat(partialStarts[0]).isEqualTo(2);
    log.close();
  }

  @Test
  void partialLines_whileAnIdleCheckIsUnderWay_doNotAskForAnother() throws Exception {
    Path f = dir.resolve("q.log");
    ProcessLog log = open(f, 0, 0, spec(LogFormatSpec.Format.TIMESTAMPED, "", false), "p", Runnable::run);
    int[] partialStarts = {0};
    log.onPartialLine(() -> partialStarts[0]++);
    write(log, "a");
    write(log, "\nb"); // line done, a new partial: the pending check covers it
    write(log, "\nc");
    assertThat(partialStarts[0]).isEqualTo(1);
    time.advance(Duration.ofMillis(300));
    assertThat(log.flushIfIdle(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(700));
    write(log, "\nd");
    assertThat(partialStarts[0]).isEqualTo(1);
    time.advance(Duration.ofSeconds(1));
    assertThat(log.flushIfIdle(Duration.ofSeconds(1))).isEqualTo(Duration.ZERO);
    assertThat(Files.readString(f)).endsWith(" c\n2026-11-24T15:05:00.300Z d\n");
    write(log, "e"); // the check is over: the next partial asks again
    assertThat(partialStarts[0]).isEqualTo(2);
    log.close();
  }

  @Test
  void raw_isUnchanged() throws Exception {
    Path f = dir.resolve("r.log");
    try (ProcessLog log = open(f, 0, 0, LogFormatSpec.RAW, "p", Runnable::run)) {
      write(log, "a\r\n\u00ffpartial");
    }
    assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).isEqualTo("a\r\n\u00c3\u00bfpartial");
  }

  @Test
  void hourlyRotation_onTheFakeClock_keepsBackups() throws Exception {
    Path f = dir.resolve("h.log");
    // 15:05 now: the first rotation is due at 16:00
    try (ProcessLog log = open(f, 0, 2, spec(LogFormatSpec.Format.RAW, "hourly", false), "p", Runnable::run)) {
      write(log, "first\n");
      time.advance(Duration.ofMinutes(54));
      write(log, "still first\n");
      time.advance(Duration.ofMinutes(1)); // 16:00
      write(log, "second\n");
      time.advance(Duration.ofHours(1));
      write(log, "third\n");
      time.advance(Duration.ofHours(3)); // an idle stretch rotates once, at the next write
      write(log, "fourth\n");
      time.advance(Duration.ofMinutes(59));
      write(log, "still fourth\n");
    }
    assertThat(Files.readString(f)).isEqualTo("fourth\nstill fourth\n");
    assertThat(Files.readString(dir.resolve("h.log.1"))).isEqualTo("third\n");
    assertThat(Files.readString(dir.resolve("h.log.2"))).isEqualTo("second\n");
    assertThat(dir.resolve("h.log.3")).doesNotExist();
  }

  @Test
  void timeAndSizeRotation_together() throws Exception {
    Path f = dir.resolve("s.log");
    try (ProcessLog log = open(f, 10, 5, spec(LogFormatSpec.Format.RAW, "daily", false), "p", Runnable::run)) {
      write(log, "0123456789"); // size: rotated at once
      write(log, "abc");
      time.advance(Duration.ofHours(9)); // past midnight UTC
      write(log, "new day");
    }
    assertThat(Files.readString(f)).isEqualTo("new day");
    assertThat(Files.readString(dir.resolve("s.log.1"))).isEqualTo("abc");
    assertThat(Files.readString(dir.resolve("s.log.2"))).isEqualTo("0123456789");
  }

  @Test
  void gzip_compressesRotatedFiles_offTheWriter_andShiftsThem() throws Exception {
    Path f = dir.resolve("z.log");
    List<Runnable> jobs = new ArrayList<>();
    try (ProcessLog log = open(f, 0, 2, spec(LogFormatSpec.Format.JSON, "hourly", true), "p", jobs::add)) {
      for (int h = 1; h <= 4; h++) {
        write(log, "hour " + h + "\n");
        time.advance(Duration.ofHours(1));
        if (h == 2) {
          assertThat(jobs).hasSize(1); // the writer only renamed; nothing compressed yet
          assertThat(dir.resolve("z.log.1.gz")).doesNotExist();
          jobs.remove(0).run();
          assertThat(dir.resolve("z.log.1.gz")).exists();
        }
      }
      write(log, "now\n");
    }
    jobs.forEach(Runnable::run); // in order, as the compressor's one thread runs them
    assertThat(msgs(f)).containsExactly("now");
    assertThat(gunzipMsgs(dir.resolve("z.log.1.gz"))).containsExactly("hour 4");
    assertThat(gunzipMsgs(dir.resolve("z.log.2.gz"))).containsExactly("hour 3");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("z.log", "z.log.1.gz", "z.log.2.gz");
    }
  }

  /**
   * A daemon that stopped mid-compression leaves {@code z.log.rotated-N} (and maybe a half-written
   * {@code .gz} of it): the next one compresses those first, oldest first, and never reuses their
   * names for its own rotations.
   */
  @Test
  void gzip_leftoversOfAnEarlierDaemon_areCompressedFirst_andNotOverwritten() throws Exception {
    Path f = dir.resolve("z.log");
    Path older = dir.resolve("z.log.rotated-2");
    Path newer = dir.resolve("z.log.rotated-1");
    Files.writeString(older, "{\"msg\":\"older\"}\n");
    Files.writeString(newer, "{\"msg\":\"newer\"}\n");
    Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(newer, java.nio.file.attribute.FileTime.fromMillis(2_000_000));
    Files.writeString(dir.resolve("z.log.rotated-1.gz"), "half-written");
    Files.writeString(dir.resolve("z.log.rotated-x"), "not ours"); // not an aside name
    List<Runnable> jobs = new ArrayList<>();
    try (ProcessLog log = open(f, 0, 3, spec(LogFormatSpec.Format.JSON, "hourly", true), "p", jobs::add)) {
      assertThat(jobs).hasSize(2);
      assertThat(dir.resolve("z.log.rotated-1.gz")).doesNotExist();
      write(log, "hour 1\n");
      time.advance(Duration.ofHours(1));
      write(log, "now\n"); // rotates: its aside must not take a leftover's name
      assertThat(jobs).hasSize(3);
      assertThat(Files.readString(older)).contains("older");
      assertThat(Files.readString(newer)).contains("newer");
    }
    jobs.forEach(Runnable::run);
    assertThat(gunzipMsgs(dir.resolve("z.log.1.gz"))).containsExactly("hour 1");
    assertThat(gunzipMsgs(dir.resolve("z.log.2.gz"))).containsExactly("newer");
    assertThat(gunzipMsgs(dir.resolve("z.log.3.gz"))).containsExactly("older");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("z.log", "z.log.1.gz", "z.log.2.gz", "z.log.3.gz", "z.log.rotated-x");
    }
  }

  private static List<String> msgs(Path f) throws Exception {
    return parse(Files.readAllBytes(f));
  }

  private static List<String> gunzipMsgs(Path f) throws Exception {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(f)))) {
      return parse(in.readAllBytes());
    }
  }

  private static List<String> parse(byte[] b) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        out.add(JSON.readTree(line).get("msg").asText());
      }
    }
    return out;
  }
}
