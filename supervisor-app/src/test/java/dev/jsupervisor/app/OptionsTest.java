package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.config.ConfigLoader;
import dev.jsupervisor.config.SupervisordConf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's command line: every option of Python supervisord 4.2.5 is accepted, with its errors. */
final class OptionsTest {
  @TempDir Path dir;

  @Test
  void everyPythonOption_isAccepted_andOverridesTheConfig() throws Exception {
    Options o = Options.parse(new String[] {"-c", "x.conf", "-n", "-s", "-u", "nobody", "-m", "077",
        "--directory", "/tmp", "-l", "main.log", "-y", "1MB", "-z", "3", "-e", "debug", "-j", "d.pid", "-i", "box",
        "-q", "/tmp", "-k", "-a", "2048", "-t", "--minprocs", "300", "--profile_options=cumulative"});
    assertThat(List.of(o.umask(), o.directory(), o.logfileMaxbytes(), o.logfileBackups(), o.minfds(), o.minprocs(),
        o.profileOptions())).containsExactly(Optional.of(077), Optional.of("/tmp"), Optional.of(1024L * 1024),
        Optional.of(3), Optional.of(2048), Optional.of(300L), Optional.of("cumulative"));
    assertThat(o.stripAnsi()).isTrue();

    SupervisordConf conf = ConfigLoader.load(DaemonProcess.writeConfig(dir, ""));
    Settings s = Settings.of(conf, o);
    assertThat(List.of(s.umask(), s.logfileMaxbytes(), s.logfileBackups(), s.minfds(), s.minprocs()))
        .containsExactly(077, 1024L * 1024, 3, 2048L, 300L);
    Settings defaults = Settings.of(conf, Options.parse(new String[0]));
    assertThat(List.of(defaults.umask(), defaults.logfileMaxbytes(), defaults.logfileBackups(), defaults.minprocs()))
        .containsExactly(022, 50L * 1024 * 1024, 10, 200L);
  }

  @Test
  void version_namesJsupervisorAndTheSupervisordReleaseItMatches() {
    for (String[] args : new String[][] {{"version"}, {"-v"}, {"--version"}}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(SupervisordMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream()))).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .matches("jsupervisor \\S+ \\(compatible with supervisord 4\\.2\\.5, XML-RPC API 3\\.0\\)\n")
          .doesNotContain("unknown");
    }
  }

  @Test
  void badValues_areRefusedInPythonSupervisordsWords() throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, "");
    for (List<String> bad : List.of(List.of("-m", "abc"), List.of("-y", "1XB"), List.of("-z", "x"),
        List.of("--minprocs", "x"), List.of("-a", "many"), List.of("--logfile_backups=2.5"))) {
      List<String> args = new ArrayList<>(List.of("-n", "-c", conf.toString()));
      args.addAll(bad);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = SupervisordMain.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/supervisord"));
      cmd.addAll(args);
      Process python = new ProcessBuilder(cmd).start();
      String pythonErr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(python.waitFor()).as("python with " + bad).isEqualTo(2);
      assertThat(status).as("ours with " + bad).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst()).as("with " + bad)
          .isEqualTo(pythonErr.lines().findFirst());
    }
  }
}
