package dev.jsupervisor.ctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One supervisorctl invocation's result, from Python's supervisorctl (a child process; command
 * from {@code ctl.it.supervisorctl}, default {@code /usr/bin/supervisorctl}) or from ours
 * (in-process through {@link SupervisorCtl#run}), with {@link #masked} hiding what legitimately
 * differs between two runs (pids, uptimes, stop times, temp paths, the program path).
 */
record CtlRun(String out, String err, int exit) {
  private static final Pattern UPTIME = Pattern.compile("pid \\d+, uptime [0-9a-z:, ]+");
  private static final Pattern STOP_TIME = Pattern.compile("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");
  private static final Pattern PID_LINE = Pattern.compile("(?m)^[1-9]\\d*$");
  private static final Pattern PY_LOCATION = Pattern.compile(": file: \\S+ line: \\d+");
  private static final Pattern PROGNAME = Pattern.compile("(For help, use|Usage:) \\S*supervisorctl ");

  static CtlRun pythonWithInput(String input, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(
        System.getProperty("ctl.it.supervisorctl", "/usr/bin/supervisorctl").trim().split("\\s+")));
    cmd.addAll(Arrays.asList(args));
    Path in = java.nio.file.Files.createTempFile("ctl-it-in", ".txt");
    try {
      java.nio.file.Files.writeString(in, input);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile());
      pb.environment().put("PYTHONIOENCODING", "utf-8");
      Process p = pb.start();
      byte[][] streams = new byte[2][];
      Thread errPump = new Thread(() -> {
        try {
          streams[1] = p.getErrorStream().readAllBytes();
        } catch (java.io.IOException e) {
          streams[1] = new byte[0];
        }
      });
      errPump.start();
      streams[0] = p.getInputStream().readAllBytes();
      errPump.join(30_000);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("python supervisorctl hung: " + cmd);
      }
      return new CtlRun(new String(streams[0], StandardCharsets.UTF_8),
          new String(streams[1], StandardCharsets.UTF_8), p.exitValue());
    } finally {
      java.nio.file.Files.deleteIfExists(in);
    }
  }

  static CtlRun python(String... args) throws Exception {
    return pythonWithInput("", args);
  }

  static CtlRun oursWithInput(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = SupervisorCtl.run(args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return new CtlRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exit);
  }

  static CtlRun ours(String... args) {
    return oursWithInput("", args);
  }

  /** The run with run-specific details replaced by placeholders; {@code dir} becomes {@code $DIR}. */
  CtlRun masked(Path dir) {
    return new CtlRun(mask(out, dir), mask(err, dir), exit);
  }

  private static String mask(String s, Path dir) {
    String t = dir == null ? s : s.replace(dir.toString(), "$DIR");
    t = UPTIME.matcher(t).replaceAll("pid N, uptime T");
    t = STOP_TIME.matcher(t).replaceAll("STOPTIME");
    t = PID_LINE.matcher(t).replaceAll("PID");
    t = PY_LOCATION.matcher(t).replaceAll("");
    return PROGNAME.matcher(t).replaceAll("$1 supervisorctl ");
  }
}
