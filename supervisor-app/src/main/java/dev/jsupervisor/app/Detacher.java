package dev.jsupervisor.app;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -d/--daemon}: a JVM cannot fork itself, so the daemon is started again as a new session
 * leader (util-linux {@code setsid}) with the same JVM options and the same arguments minus
 * {@code -d}, with stdio on /dev/null; this process then exits 0, as a daemonizing supervisord does.
 * As supervisord does when daemonizing, the detached daemon applies {@code [supervisord] umask}
 * ({@link #DETACHED} tells it so). {@code [supervisord] directory} is not applied: the detached
 * JVM would re-read the config from there and resolve relative paths differently.
 */
final class Detacher {
  /** Internal option the detached daemon is started with. */
  static final String DETACHED = "--detached";

  private Detacher() {}

  static int detach(String[] args, PrintStream err) {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SupervisordMain.class.getName());
    for (String a : args) {
      if (!a.equals("-d") && !a.equals("--daemon")) {
        cmd.add(a);
      }
    }
    cmd.add("--silent");
    cmd.add(DETACHED);
    try {
      new ProcessBuilder(cmd)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
          .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null")))
          .start();
      return 0;
    } catch (IOException e) {
      err.println("Error: could not start the daemon process: " + e.getMessage());
      return 2;
    }
  }
}
