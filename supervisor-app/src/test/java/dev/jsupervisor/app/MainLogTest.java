package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MainLogTest {
  private static final Instant AT = Instant.parse("2026-12-01T23:15:36.123Z");
  @TempDir Path dir;

  private MainLog open(LogFormatSpec.Format format, String pattern) throws Exception {
    return new MainLog(Optional.of(dir.resolve("supervisord.log")), 0, 0, LogLevel.INFO, false, false,
        new LogFormatSpec(false, format, pattern, 1024, "", false));
  }

  @Test
  void raw_isSupervisordsFormat() throws Exception {
    try (MainLog log = open(LogFormatSpec.Format.RAW, "")) {
      String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").format(AT.atZone(ZoneId.systemDefault()));
      assertThat(log.line(AT, LogLevel.INFO, "spawned: 'a' with pid 7")).isEqualTo(local + " INFO spawned: 'a' with pid 7\n");
    }
  }

  @Test
  void timestamped_andJson() throws Exception {
    try (MainLog log = open(LogFormatSpec.Format.TIMESTAMPED, "'T'HH")) {
      String hour = DateTimeFormatter.ofPattern("HH").format(AT.atZone(ZoneId.systemDefault()));
      assertThat(log.line(AT, LogLevel.WARN, "x")).isEqualTo("T" + hour + " WARN x\n");
    }
    try (MainLog log = open(LogFormatSpec.Format.JSON, "")) {
      String line = log.line(AT, LogLevel.CRIT, "two\nlines \"quoted\"");
      assertThat(line).endsWith("}\n").doesNotContain("two\nlines");
      JsonNode n = new ObjectMapper().readTree(line);
      assertThat(n.get("level").asText()).isEqualTo("CRIT");
      assertThat(n.get("msg").asText()).isEqualTo("two\nlines \"quoted\"");
      assertThat(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(n.get("ts").asText()))).isEqualTo(AT);
      log.log(LogLevel.INFO, "written");
    }
    assertThat(new ObjectMapper().readTree(Files.readString(dir.resolve("supervisord.log"))).get("msg").asText())
        .isEqualTo("written");
  }
}
