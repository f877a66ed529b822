package dev.jsupervisor.config.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ExpansionsTest {
  private static final Map<String, Object> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("program_name", "web");
    NAMES.put("process_num", 3);
    NAMES.put("here", "/etc/x");
    NAMES.put("ENV_HOME", "/root");
  }

  @Test
  void expand_namedConversions_formatLikePython() {
    assertThat(Expansions.expand("%(program_name)s_%(process_num)02d", NAMES, "n")).isEqualTo("web_03");
    assertThat(Expansions.expand("%(process_num)d|%(process_num)-3d|%(process_num)x", NAMES, "n"))
        .isEqualTo("3|3  |3");
    assertThat(Expansions.expand("%(here)s/log %(ENV_HOME)s", NAMES, "n")).isEqualTo("/etc/x/log /root");
    assertThat(Expansions.expand("%(program_name)r", NAMES, "n")).isEqualTo("'web'");
  }

  @Test
  void expand_doublePercent_isLiteral() {
    assertThat(Expansions.expand("100%% sure", NAMES, "n")).isEqualTo("100% sure");
  }

  @Test
  void expand_unknownName_listsAvailableNames() {
    assertThatThrownBy(() -> Expansions.expand("/bin/cat %(foo)s", NAMES, "program:a.command"))
        .hasMessage("Format string '/bin/cat %(foo)s' for 'program:a.command' contains names ('foo') which cannot "
            + "be expanded. Available names: ENV_HOME, here, process_num, program_name");
  }

  @Test
  void expand_strayPercent_isBadlyFormatted() {
    assertThatThrownBy(() -> Expansions.expand("/bin/cat 100%", NAMES, "program:a.command"))
        .hasMessage("Format string '/bin/cat 100%' for 'program:a.command' is badly formatted: incomplete format");
    assertThatThrownBy(() -> Expansions.expand("%(here)z", NAMES, "k"))
        .hasMessage("Format string '%(here)z' for 'k' is badly formatted: unsupported format character 'z' (0x7a)"
            + " at index 7");
  }

  @Test
  void expand_numberFormatOnString_isBadlyFormatted() {
    assertThatThrownBy(() -> Expansions.expand("%(here)d", NAMES, "k"))
        .hasMessageEndingWith("is badly formatted: %d format: a real number is required, not str");
  }
}
