package dev.jsupervisor.web.logtail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.ControlException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class LogtailHandlerTest {

  private final List<String> asked = new ArrayList<>();
  private final LogLocator locator =
      (name, channel) -> {
        asked.add(name.group() + "/" + name.name() + "/" + channel.wireName());
        if (name.group().equals("nosuch")) {
          throw new ControlException(ControlException.Reason.BAD_NAME, name.namespec());
        }
        return Optional.of(Path.of("/logs/" + name.name() + "." + channel.wireName()));
      };

  @Test
  void processLog_nameOnly_defaultsToStdout() throws Exception {
    assertThat(LogtailHandler.processLog(locator, "/logtail/web")).contains(Path.of("/logs/web.stdout"));
    assertThat(asked).containsExactly("web/web/stdout");
  }

  @Test
  void processLog_groupAndStderr_asksForStderr() throws Exception {
    assertThat(LogtailHandler.processLog(locator, "/logtail/grp:web_00/stderr"))
        .contains(Path.of("/logs/web_00.stderr"));
    assertThat(asked).containsExactly("grp/web_00/stderr");
  }

  @Test
  void processLog_unknownChannel_isAbsentWithoutAsking() throws Exception {
    assertThat(LogtailHandler.processLog(locator, "/logtail/web/stdin")).isEmpty();
    assertThat(LogtailHandler.processLog(locator, "/logtail/web/stdout/extra")).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void processLog_noName_isAbsent() throws Exception {
    assertThat(LogtailHandler.processLog(locator, "/logtail")).isEmpty();
    assertThat(LogtailHandler.processLog(locator, "/logtail/")).isEmpty();
  }

  @Test
  void processLog_unknownProcess_propagatesBadName() {
    assertThatThrownBy(() -> LogtailHandler.processLog(locator, "/logtail/nosuch:x"))
        .isInstanceOf(ControlException.class);
  }

  @Test
  void processLog_extraLeadingSlashes_areIgnored() throws Exception {
    assertThat(LogtailHandler.processLog(locator, "//logtail/web/stderr"))
        .contains(Path.of("/logs/web.stderr"));
  }
}
