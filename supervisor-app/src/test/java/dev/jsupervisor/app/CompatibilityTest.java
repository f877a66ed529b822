package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same config run by Python supervisord 4.2.5 and by ours, driven by the same sequence of
 * Debian {@code supervisorctl} commands: output and exit codes must match (pids, uptimes and stop
 * times masked, as they legitimately differ).
 */
@Tag("integration")
final class CompatibilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PROGRAMS = String.join("\n",
      "[program:sleeper]",
      "command=/bin/sleep 1000",
      "startsecs=0",
      "[program:hello]",
      "command=/bin/sh -c 'echo hello from hello; exec sleep 1000'",
      "startsecs=0",
      "[program:failer]",
      "command=/bin/sh -c 'exit 3'",
      "startretries=0",
      "autostart=false",
      "[program:manual]",
      "command=/bin/sleep 1001",
      "autostart=false",
      "startsecs=0",
      "[program:pool]",
      "command=/bin/sleep 1002",
      "process_name=%(program_name)s_%(process_num)02d",
      "numprocs=2",
      "startsecs=0",
      "[group:grp]",
      "programs=manual",
      "");

  private static final List<List<String>> SCRIPT = List.of(
      List.of("status"),
      List.of("status", "sleeper", "nosuch", "pool:*"),
      List.of("start", "grp:manual"),
      List.of("start", "grp:manual"),
      List.of("stop", "sleeper"),
      List.of("stop", "sleeper"),
      List.of("status", "sleeper"),
      List.of("start", "nosuch"),
      List.of("stop", "nosuch:*"),
      List.of("restart", "pool:*"),
      List.of("signal", "HUP", "hello"),
      List.of("signal", "HUP", "sleeper"),
      List.of("signal", "BOGUS", "hello"),
      List.of("start", "failer"),
      List.of("status", "failer"),
      List.of("tail", "hello"),
      List.of("pid", "sleeper"),
      List.of("avail"),
      List.of("stop", "all"),
      List.of("status"),
      List.of("start", "all"),
      List.of("version"));

  @TempDir Path pythonDir;
  @TempDir Path javaDir;

  @Test
  @Timeout(240)
  void sameCommands_sameOutputAndExitCodes() throws Exception {
    List<String> python = runScript(true);
    List<String> ours = runScript(false);
    assertThat(ours).containsExactlyElementsOf(python);
  }

  private List<String> runScript(boolean reference) throws Exception {
    Path dir = reference ? pythonDir : javaDir;
    Path conf = DaemonProcess.writeConfig(dir, PROGRAMS);
    List<String> transcript = new ArrayList<>();
    try (DaemonProcess d = reference ? DaemonProcess.python(dir, conf) : DaemonProcess.java(dir, conf)) {
      d.awaitState("sleeper", "RUNNING", WAIT);
      d.awaitState("hello", "RUNNING", WAIT);
      d.awaitState("pool:pool_01", "RUNNING", WAIT);
      awaitLog(dir, "hello");
      for (List<String> command : SCRIPT) {
        DaemonProcess.CtlResult r = d.ctl(command.toArray(String[]::new));
        String output = mask(r.output());
        if (command.contains("all") || command.stream().anyMatch(a -> a.endsWith(":*"))) {
          // supervisord reports group results in the order the stops/starts complete, which
          // varies from run to run even for Python itself: compare each phase's lines as a set
          output = sortedWithinPhases(output);
        }
        transcript.add(String.join(" ", command) + " => " + r.exitCode() + "\n" + output);
      }
    }
    return transcript;
  }

  /** Sorts each run of consecutive lines with the same result ("stopped", "started", ...); keeps the runs' order. */
  static String sortedWithinPhases(String output) {
    List<String> lines = output.lines().toList();
    StringBuilder sorted = new StringBuilder();
    int start = 0;
    for (int i = 1; i <= lines.size(); i++) {
      if (i == lines.size() || !result(lines.get(i)).equals(result(lines.get(start)))) {
        lines.subList(start, i).stream().sorted().forEach(l -> sorted.append(l).append('\n'));
        start = i;
      }
    }
    return sorted.toString();
  }

  private static String result(String line) {
    int colon = line.lastIndexOf(": ");
    return colon < 0 ? line : line.substring(colon + 2);
  }

  private static void awaitLog(Path dir, String program) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (var files = Files.list(dir)) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith(program + "-stdout") && f.toFile().length() > 0)) {
          return;
        }
      }
      Thread.sleep(50);
    }
  }

  /** Masks what legitimately differs between two daemons: pids, uptimes, stop times. */
  static String mask(String output) {
    return output
        .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime T")
        .replaceAll("(?m)^\\d+$", "N")
        .replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
  }
}
