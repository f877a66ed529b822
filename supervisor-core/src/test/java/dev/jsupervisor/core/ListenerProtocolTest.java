package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** supervisord's listener protocol, byte by byte. */
final class ListenerProtocolTest {
  private final List<String> seen = new ArrayList<>();
  private ResultHandler handler = ResultHandler.DEFAULT;
  private final ListenerProtocol protocol = new ListenerProtocol(new ListenerProtocol.Outcomes() {
    @Override
    public void stateChanged(ListenerProtocol.State from, ListenerProtocol.State to) {
      seen.add(from + "->" + to);
    }

    @Override
    public void processed() {
      seen.add("processed");
    }

    @Override
    public void rejected(byte[] result) {
      seen.add("rejected " + new String(result, StandardCharsets.UTF_8));
    }

    @Override
    public void handlerFailed(byte[] result) {
      seen.add("failed " + new String(result, StandardCharsets.UTF_8));
    }

    @Override
    public void badResultLine(String line) {
      seen.add("bad " + line);
    }

    @Override
    public void eventReturned() {
      seen.add("returned");
    }
  }, r -> handler.handle(r));

  private void feed(String s) {
    protocol.feed(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tokensSplitAcrossReads() {
    feed("REA");
    assertThat(seen).isEmpty();
    feed("DY\n");
    protocol.sent();
    feed("RESULT");
    feed(" 2\nO");
    feed("K");
    assertThat(seen).containsExactly("ACKNOWLEDGED->READY", "processed", "BUSY->ACKNOWLEDGED");
  }

  @Test
  void severalTokensInOneRead() {
    feed("READY\n");
    protocol.sent();
    feed("RESULT 4\nFAILREADY\n");
    assertThat(seen).containsExactly("ACKNOWLEDGED->READY", "rejected FAIL", "BUSY->ACKNOWLEDGED", "returned",
        "ACKNOWLEDGED->READY");
    assertThat(protocol.state()).isEqualTo(ListenerProtocol.State.READY);
  }

  @Test
  void dataWhileReadyOrGarbageWhileAcknowledged_isAViolation() {
    feed("READY\nx");
    assertThat(protocol.state()).isEqualTo(ListenerProtocol.State.UNKNOWN);
    protocol.reset();
    feed("HELLO!");
    assertThat(protocol.state()).isEqualTo(ListenerProtocol.State.UNKNOWN);
    feed("READY\n");
    assertThat(protocol.state()).isEqualTo(ListenerProtocol.State.UNKNOWN);
  }

  @Test
  void aBadOrEndlessResultLine_isUnknown() {
    feed("READY\n");
    protocol.sent();
    feed("RESULT two\n");
    assertThat(seen).endsWith("bad RESULT two", "BUSY->UNKNOWN", "returned");
    protocol.reset();
    feed("READY\n");
    protocol.sent();
    feed("R".repeat(ListenerProtocol.MAX_LINE + 1));
    assertThat(protocol.state()).isEqualTo(ListenerProtocol.State.UNKNOWN);
  }

  @Test
  void aFailingHandler_makesTheListenerUnknown_andReturnsTheEvent() {
    handler = r -> {
      throw new IllegalStateException("boom");
    };
    feed("READY\n");
    protocol.sent();
    feed("RESULT 3\nabcREADY\n");
    assertThat(seen).containsExactly("ACKNOWLEDGED->READY", "failed abc", "BUSY->UNKNOWN", "returned");
    assertThat(protocol.state()).isEqualTo(ListenerProtocol.State.UNKNOWN);
  }

  @Test
  void aHandlersOwnRejection_returnsTheEvent_andTheListenerCarriesOn() {
    handler = r -> ResultHandler.Verdict.REJECTED;
    feed("READY\n");
    protocol.sent();
    feed("RESULT 2\nOKREADY\n");
    assertThat(seen).containsExactly("ACKNOWLEDGED->READY", "rejected OK", "BUSY->ACKNOWLEDGED", "returned",
        "ACKNOWLEDGED->READY");
  }
}
