package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** service install/uninstall into a temp root: the files written, and uninstall removing exactly them. */
final class ServiceCommandTest {
  private static final Path LAUNCHER = Path.of("").toAbsolutePath().resolveSibling("bin/supervisord");
  private static final Path CONF = Path.of("/etc/supervisor/supervisord.conf");

  @TempDir Path root;
  private final List<List<String>> commands = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** What the fake service manager's commands exit with. */
  private int managerStatus;

  private int service(String... args) {
    return new ServiceCommand(root, List.of(LAUNCHER.toString()), cmd -> {
      commands.add(cmd);
      return managerStatus;
    }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  private List<String> tree() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void systemd_unitRunsTheLauncherInTheForeground_enabledWithSystemctl_uninstallRemovesIt() throws Exception {
    Files.createDirectories(root.resolve("run/systemd/system"));
    Files.createDirectories(root.resolve("etc/init.d"));
    List<String> before = tree();
    assertThat(service("install", "-c", CONF.toString())).isZero();
    String unit = Files.readString(root.resolve("etc/systemd/system/supervisord.service"));
    assertThat(unit).contains("[Service]\nType=notify\n", "ExecStart=" + LAUNCHER + " -n -c /etc/supervisor/supervisord.conf\n",
        "ExecReload=/bin/kill -HUP $MAINPID\n", "WantedBy=multi-user.target\n", ServiceFiles.MARKER);
    assertThat(root.resolve("etc/init.d/supervisord")).doesNotExist();
    assertThat(commands).containsExactly(List.of("systemctl", "--root=" + root, "enable", "supervisord.service"));

    assertThat(service("start")).isZero();
    assertThat(commands).last().isEqualTo(List.of("systemctl", "start", "supervisord"));
    assertThat(service("uninstall")).isZero();
    assertThat(commands).last().isEqualTo(List.of("systemctl", "--root=" + root, "disable", "supervisord.service"));
    assertThat(tree()).isEqualTo(withDirs(before, "etc/systemd/system"));
  }

  /** install may create the unit's directory; uninstall leaves directories. */
  private static List<String> withDirs(List<String> before, String... dirs) {
    List<String> all = new ArrayList<>(before);
    for (String d : dirs) {
      for (Path p = Path.of(d); p != null; p = p.getParent()) {
        if (!all.contains(p.toString())) {
          all.add(p.toString());
        }
      }
    }
    return all.stream().sorted().toList();
  }

  @Test
  void sysv_scriptWithLsbHeaderAndRunlevelLinks_uninstallRemovesExactlyThem() throws Exception {
    for (String d : new String[] {"etc/init.d", "etc/rc0.d", "etc/rc1.d", "etc/rc2.d", "etc/rc3.d", "etc/rc4.d",
        "etc/rc5.d", "etc/rc6.d"}) {
      Files.createDirectories(root.resolve(d));
    }
    Files.writeString(root.resolve("etc/init.d/other"), "#!/bin/sh\n");
    List<String> before = tree();
    assertThat(service("install", "-c", CONF.toString())).isZero();
    Path script = root.resolve("etc/init.d/supervisord");
    String text = Files.readString(script);
    assertThat(text).startsWith("#!/bin/sh\n### BEGIN INIT INFO\n# Provides:          supervisord\n")
        .contains("# Default-Start:     2 3 4 5\n", ServiceFiles.MARKER, "CONF=/etc/supervisor/supervisord.conf\n",
            "  " + LAUNCHER + " -d -c \"$CONF\" -j \"$PIDFILE\"\n");
    assertThat(Files.isExecutable(script)).isTrue();
    assertThat(Files.readSymbolicLink(root.resolve("etc/rc3.d/S20supervisord"))).isEqualTo(Path.of("../init.d/supervisord"));
    assertThat(Files.readSymbolicLink(root.resolve("etc/rc0.d/K20supervisord"))).isEqualTo(Path.of("../init.d/supervisord"));
    assertThat(commands).isEmpty();
    assertThat(sh("-n", script.toString())).as("sh -n: the script parses").isZero();

    assertThat(service("stop")).isZero();
    assertThat(commands).containsExactly(List.of(script.toString(), "stop"));
    assertThat(service("uninstall")).isZero();
    assertThat(tree()).isEqualTo(before);
  }

  @Test
  void openrc_scriptForOpenrcRun_inTheDefaultRunlevel() throws Exception {
    Files.createDirectories(root.resolve("sbin"));
    Files.writeString(root.resolve("sbin/openrc-run"), "");
    Files.createDirectories(root.resolve("etc/init.d"));
    Files.createDirectories(root.resolve("etc/runlevels/default"));
    List<String> before = tree();
    assertThat(service("install", "-c", CONF.toString())).isZero();
    Path script = root.resolve("etc/init.d/supervisord");
    assertThat(Files.readString(script)).startsWith("#!/sbin/openrc-run\n").contains("depend() {\n", "start() {\n",
        "stop() {\n");
    assertThat(Files.readSymbolicLink(root.resolve("etc/runlevels/default/supervisord")))
        .isEqualTo(Path.of("/etc/init.d/supervisord"));
    assertThat(sh("-n", script.toString())).isZero();
    assertThat(service("uninstall")).isZero();
    assertThat(tree()).isEqualTo(before);
  }

  @Test
  void aFileNotWrittenByInstall_isNeitherReplacedNorRemoved() throws Exception {
    Files.createDirectories(root.resolve("etc/init.d"));
    Files.writeString(root.resolve("etc/init.d/supervisord"), "#!/bin/sh\n# the distribution's own\n");
    assertThat(service("install", "-c", CONF.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists and was not written by supervisord service install");
    assertThat(service("uninstall")).isZero();
    assertThat(Files.readString(root.resolve("etc/init.d/supervisord"))).contains("the distribution's own");
  }

  @Test
  void noServiceManager_isAnError_unlessNamed() throws Exception {
    assertThat(service("install", "-c", CONF.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no service manager found");
    assertThat(service("install", "-c", CONF.toString(), "--init=sysv")).isZero();
    assertThat(root.resolve("etc/init.d/supervisord")).exists();
    assertThat(service("install", "-c", CONF.toString(), "--init=upstart")).isEqualTo(2);
  }

  @Test
  void systemdAnalyzeVerify_acceptsTheUnit() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze not installed");
    Assumptions.assumeTrue(Files.isExecutable(LAUNCHER), "run from supervisor-app");
    Path unit = root.resolve("supervisord.service");
    Files.writeString(unit, ServiceFiles.systemdUnit(List.of(LAUNCHER.toString()), CONF));
    Process p = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", unit.toString()).redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as(output).doesNotContain("supervisord.service:");
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  void theLauncherIsFoundNextToTheJar_andAddsNoFlagsOfItsOwn() throws Exception {
    Path dist = root.resolve("opt/jsupervisor");
    Files.createDirectories(dist.resolve("bin"));
    Files.createDirectories(dist.resolve("lib"));
    Files.copy(LAUNCHER, dist.resolve("bin/supervisord"));
    assertThat(ServiceFiles.launcherFor(dist.resolve("lib/supervisord.jar"))).contains(dist.resolve("bin/supervisord"));
    assertThat(ServiceFiles.launcherFor(root.resolve("elsewhere/supervisord.jar"))).isEmpty();
    // the jar tunes the JVM it re-executes (JvmTuning); flags here would replace that tuning
    assertThat(Files.readString(LAUNCHER)).contains("exec \"$java\" ${JAVA_OPTS:-} -jar \"$jar\" \"$@\"");
  }

  @Test
  void systemdInstall_whoseEnableFails_exits1_andLeavesNoUnitBehind() throws Exception {
    List<String> before = tree();
    managerStatus = 1; // e.g. --init=systemd on a machine where systemd does not run
    assertThat(service("install", "-c", CONF.toString(), "--init=systemd")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("failed with exit status 1", "removed ");
    assertThat(root.resolve("etc/systemd/system/supervisord.service")).doesNotExist();
    assertThat(tree()).isEqualTo(withDirs(before, "etc/systemd/system"));
  }

  @Test
  void help_printsTheUsage_exits0() {
    for (String h : List.of("--help", "-h", "help")) {
      out.reset();
      assertThat(service(h)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: supervisord service COMMAND")
          .contains("install -c FILE", "uninstall", "--init=");
    }
    assertThat(err.size()).isZero();
  }

  @Test
  void install_withoutConfig_isAUsageError() {
    assertThat(service("install")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("service install requires -c FILE");
  }

  @Test
  void unknownSubcommand_isAUsageError() {
    assertThat(service("frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown service command 'frobnicate'");
  }

  private static int sh(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }
}
