package dev.jsupervisor.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python {@code /usr/bin/supervisorctl} against our server, with its own config file so
 * nothing under /etc is read.
 */
final class Supervisorctl {

  static final Path BINARY = Path.of("/usr/bin/supervisorctl");

  /** The output and exit code of one finished run. */
  record Result(int exitCode, String output) {}

  private final Path config;

  Supervisorctl(Path dir, String serverUrl) throws IOException {
    // one file per client: two clients started back to back must not see each other's URL
    this.config = Files.createTempFile(dir, "ctl", ".conf");
    Files.writeString(config, "[supervisorctl]\nserverurl = " + serverUrl + "\n");
  }

  private List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString()));
    cmd.addAll(args);
    return cmd;
  }

  /** Runs to completion (at most 20 s). */
  Result run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(List.of(args))).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("supervisorctl did not finish: " + List.of(args));
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Starts a never-ending command (tail -f); the caller reads its output and destroys it. */
  Process start(String... args) throws IOException {
    return new ProcessBuilder(command(List.of(args))).redirectErrorStream(true).start();
  }

  /** Reads lines of {@code p} until one contains {@code text}; returns all lines read. */
  static String readUntil(Process p, String text) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(text)) {
        return seen.toString();
      }
    }
    throw new IOException("supervisorctl ended before '" + text + "': " + seen);
  }
}
