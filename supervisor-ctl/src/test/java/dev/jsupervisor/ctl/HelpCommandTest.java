package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class HelpCommandTest {
  @Test
  void columnize_supervisorctlActions_matchesPythonCmdLayout() {
    StringBuilder sb = new StringBuilder();
    HelpCommand.columnize(sb, Commands.documented(Commands.table()));
    assertThat(sb.toString()).isEqualTo(
        "add    exit      open  reload  restart   start   tail   \n"
            + "avail  fg        pid   remove  shutdown  status  update \n"
            + "clear  maintail  quit  reread  signal    stop    version\n");
  }

  @Test
  void columnize_oneAndNone_specialCases() {
    StringBuilder sb = new StringBuilder();
    HelpCommand.columnize(sb, List.of("only"));
    HelpCommand.columnize(sb, List.of());
    assertThat(sb.toString()).isEqualTo("only\n<empty>\n");
  }

  @Test
  void namespec_groupEqualsName_shortForm() {
    assertThat(Names.namespec("a", "a")).isEqualTo("a");
    assertThat(Names.namespec("g", "a")).isEqualTo("g:a");
    assertThat(Names.namespec("g", null)).isEqualTo("g:None");
    assertThat(Names.split("g:*")).containsExactly("g", null);
    assertThat(Names.split("g:")).containsExactly("g", null);
    assertThat(Names.split("x")).containsExactly("x", "x");
  }
}
