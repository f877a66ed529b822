package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** supervisord's capture mode, byte by byte (dispatchers.py record_output, loggers.BoundIO). */
final class CaptureSinkTest {
  private final ByteArrayOutputStream normal = new ByteArrayOutputStream();
  private final ByteArrayOutputStream capturedEvents = new ByteArrayOutputStream();
  private final List<String> messages = new ArrayList<>();

  private CaptureSink sink(int maxbytes) {
    return new CaptureSink(normal::write, capturedEvents::write, maxbytes,
        m -> messages.add(new String(m, StandardCharsets.UTF_8)));
  }

  private static void write(CaptureSink s, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    s.write(b, 0, b.length);
  }

  @Test
  void textAroundTheTokensIsLogged_theMessageBetweenIsEmitted() {
    CaptureSink s = sink(1024);
    write(s, "before\n<!--XSUPERVISOR:BEGIN-->hello comm<!--XSUPERVISOR:END-->after the message, long enough\n");
    assertThat(messages).containsExactly("hello comm");
    assertThat(normal.toString(StandardCharsets.UTF_8)).isEqualTo("before\nafter the message, long enough\n");
    assertThat(capturedEvents.toString(StandardCharsets.UTF_8)).isEqualTo("hello comm");
  }

  @Test
  void tokensSplitAcrossReads() {
    CaptureSink s = sink(1024);
    write(s, "log line one is long\n<!--XSUPER");
    assertThat(normal.toString(StandardCharsets.UTF_8)).isEqualTo("log line one is long\n");
    write(s, "VISOR:BEGIN-->a message that is lon");
    write(s, "g enough<!--XSUPERVISOR:E");
    write(s, "ND-->and a tail that is long enough\n");
    assertThat(messages).containsExactly("a message that is long enough");
    assertThat(normal.toString(StandardCharsets.UTF_8)).isEqualTo("log line one is long\nand a tail that is long enough\n");
  }

  @Test
  void shortOutputWaits_untilItIsLongerThanTheToken_asInSupervisord() {
    CaptureSink s = sink(1024);
    write(s, "after\nlogline\n");
    assertThat(normal.size()).isZero();
    write(s, "and more output here\n");
    assertThat(normal.toString(StandardCharsets.UTF_8)).isEqualTo("after\nlogline\nand more output here\n");
  }

  @Test
  void theCaptureIsBoundedAsBoundIO() {
    CaptureSink s = sink(10);
    write(s, "<!--XSUPERVISOR:BEGIN-->" + "A".repeat(30));
    write(s, "B".repeat(30));
    write(s, "<!--XSUPERVISOR:END-->" + "x".repeat(30));
    // BoundIO drops as many leading bytes as a write adds once over the bound (so it keeps about
    // the last write); pending bytes not longer than the END token are not recorded yet
    assertThat(messages).containsExactly("B".repeat(30));
  }
}
