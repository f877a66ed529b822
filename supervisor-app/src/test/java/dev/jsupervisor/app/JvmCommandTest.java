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
  void theLaunchersFlagsAreTheOptionsBeforeTheMainClassWithoutTheClassPath() {
    assertThat(JvmCommand.launcherFlags(List.of("java", "-Xmx64m", "-cp", "a.jar:b", "-Dx=1", "--add-opens",
        "java.base/java.lang=ALL-UNNAMED", "-showversion", "--show-version", "-XshowSettings:vm", "dev.Main",
        "-c", "f", "-Xmx1g"))).containsExactly("-Xmx64m", "-Dx=1", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
    assertThat(JvmCommand.launcherFlags(List.of("/usr/bin/java", "-XX:+UseG1GC", "-jar", "x.jar", "-c", "c",
        "-Xmx9m"))).containsExactly("-XX:+UseG1GC");
    assertThat(JvmCommand.launcherFlags(List.of("java", "--class-path", "x.jar", "-p", "mods", "-m", "m/c")))
        .containsExactly("-p", "mods");
    assertThat(JvmCommand.launcherFlags(List.of("java", "-jar", "x.jar"))).isEmpty();
  }

  @Test
  void aCommandLineThatOnlyTheLauncherCanReadIsLeftToTheMxBean() {
    assertThat(JvmCommand.launcherFlags(List.of("java", "@opts", "-jar", "x.jar"))).isNull();
    assertThat(JvmCommand.launcherFlags(List.of("java", "-XX:Flags=.hotspotrc", "-jar", "x.jar"))).isNull();
    assertThat(JvmCommand.launcherFlags(List.of("java", "-XX:VMOptionsFile=f", "Main"))).isNull();
    assertThat(JvmCommand.launcherFlags(List.of("java", "-Xmx1m"))).as("no main class").isNull();
    assertThat(JvmCommand.launcherFlags(List.of())).isNull();
  }

  @Test
  void thisJvmsFlagsAreTheMxBeansFlags() {
    List<String> input = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    // the test JVM's plain command line is read from /proc, not left to the MXBean fallback
    assertThat(JvmCommand.launcherFlags(JvmCommand.ownCommandLine())).as("flags read from /proc/self/cmdline")
        .isNotNull();
    JvmCommand.UserFlags user = JvmCommand.userFlags();
    for (String flag : input) {
      if (flag.startsWith("-X") || flag.startsWith("-D")) { // --add-opens=a is "--add-opens a" on a command line
        assertThat(user.all()).contains(flag);
      }
    }
    assertThat(user.commandLine()).doesNotContain("-cp", "-classpath", "--class-path", "-jar");
  }

  @Test
  void theOptionVariablesAreSplitAtWhiteSpace() {
    assertThat(JvmCommand.optionVariables(Map.of("JAVA_TOOL_OPTIONS", " -Da=1\t-Xmx9m ", "_JAVA_OPTIONS",
        "-Db=2", "JDK_JAVA_OPTIONS", "  "))).containsExactly("-Da=1", "-Xmx9m", "-Db=2");
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
