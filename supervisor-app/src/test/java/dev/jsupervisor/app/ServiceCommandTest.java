package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ServiceCommandTest {

  @Test
  void unit_runsThisJarInTheForegroundOnTheGivenConfig() {
    String unit = ServiceCommand.unit(Path.of("/etc/supervisor/supervisord.conf"));
    assertThat(unit).contains("[Service]\n")
        .containsPattern("(?m)^ExecStart=\\S+/bin/java -jar \\S+ -n -c /etc/supervisor/supervisord\\.conf$")
        .contains("ExecReload=/bin/kill -HUP $MAINPID\n")
        .contains("WantedBy=multi-user.target\n");
  }

  @Test
  void install_withoutConfig_isAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ServiceCommand.run(new String[] {"install"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("service install requires -c FILE");
  }

  @Test
  void unknownSubcommand_isAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(ServiceCommand.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown service command 'frobnicate'");
  }
}
