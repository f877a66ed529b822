package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JvmCommandTest {
  @Test
  void flagsFromTheOptionVariablesAreLeftToTheNewJvm() {
    List<String> input = List.of("-Xmx128m", "-javaagent:/a.jar", "-XX:+UseSerialGC", "-Dx=1");
    Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", " -javaagent:/a.jar ", "JDK_JAVA_OPTIONS", "-Dx=1");
    assertThat(JvmCommand.ownFlags(input, env)).containsExactly("-Xmx128m", "-XX:+UseSerialGC");
    assertThat(JvmCommand.ownFlags(input, Map.of())).isEqualTo(input);
  }

  @Test
  void theCommandRunsTheDaemonsMainClassWithTheExtraFlagsBeforeIt() {
    List<String> cmd = JvmCommand.of(List.of("-Xrs"));
    assertThat(cmd.get(0)).endsWith("/bin/java");
    assertThat(cmd).containsSubsequence("-Xrs", "-cp", System.getProperty("java.class.path"),
        SupervisordMain.class.getName());
    assertThat(cmd.get(cmd.size() - 1)).isEqualTo(SupervisordMain.class.getName());
  }

  @Test
  void onlyTheForegroundDaemonIsReExecuted() {
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"-c", "x.conf"})).isTrue();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"-n", "-c", "x.conf"})).isTrue();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"-c", "x.conf", "-d"})).isFalse();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"ctl", "status"})).isFalse();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"version"})).isFalse();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"service", "install"})).isFalse();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"-h"})).isFalse();
    assertThat(SupervisordMain.runsDaemonHere(new String[] {"--no-such-flag"})).isFalse();
  }
}
