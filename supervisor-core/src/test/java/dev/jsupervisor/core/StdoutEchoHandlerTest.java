package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** supervisor_stdout's event_handler: the echoed PROCESS_LOG payload goes to stdout, prefixed per line. */
final class StdoutEchoHandlerTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StdoutEchoHandler handler = new StdoutEchoHandler(out);

  private ResultHandler.Verdict handle(String result) {
    return handler.handle(result.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachLineIsPrefixedWithProcessAndChannel() {
    assertThat(handle("processname:web groupname:web pid:42 channel:stdout\nstarted\nlistening on :80\n"))
        .isEqualTo(ResultHandler.Verdict.PROCESSED);
    assertThat(handle("processname:web groupname:web pid:42 channel:stderr\nno newline at the end"))
        .isEqualTo(ResultHandler.Verdict.PROCESSED);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "web stdout | started\nweb stdout | listening on :80\nweb stderr | no newline at the end\n");
  }

  @Test
  void bytesThatAreNotUtf8AreWrittenAsTheyCame() {
    byte[] result = "processname:a groupname:a pid:1 channel:stdout\n\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(handler.handle(result)).isEqualTo(ResultHandler.Verdict.PROCESSED);
    assertThat(out.toByteArray()).endsWith(new byte[] {' ', '|', ' ', (byte) 0xff, '\n'});
  }

  @Test
  void aResultThatIsNotAnEchoedLogEventIsAnError() {
    assertThat(handle("OK")).isEqualTo(ResultHandler.Verdict.ERROR);
    assertThat(handle("pid:1 channel:stdout\ndata")).isEqualTo(ResultHandler.Verdict.ERROR);
    assertThat(handle("garbage line\ndata")).isEqualTo(ResultHandler.Verdict.ERROR);
    assertThat(out.size()).isZero();
  }
}
