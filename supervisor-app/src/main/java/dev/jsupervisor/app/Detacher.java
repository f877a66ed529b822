package dev.jsupervisor.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code -d/--daemon}: a JVM cannot fork itself, so the daemon is started again as a new session
 * leader (util-linux {@code setsid}) with the same JVM options and the same arguments minus
 * {@code -d}, stdin on /dev/null and stdout/stderr on pipes to this process. This process waits
 * until the detached daemon owns its sockets and reports {@link #READY} on stdout (then exits 0,
 * as a daemonizing supervisord does once its servers are open), or until it exits (then prints
 * what it printed on stderr, e.g. {@code Error: Another program is already listening...}, and
 * exits with its status). As supervisord does when daemonizing, the detached daemon applies
 * {@code [supervisord] umask} ({@link #DETACHED} tells it so), and it runs in {@code [supervisord]
 * directory} (or {@code --directory}) when one is set: the detached JVM is started there, told
 * ({@link #LAUNCHED_FROM}) where the launcher ran so that the config and its relative paths
 * resolve as they did for the launcher (supervisord parses before it chdirs).
 */
final class Detacher {
  /** Internal option the detached daemon is started with. */
  static final String DETACHED = "--detached";

  /** System property of the detached JVM: the working directory of the process that detached it. */
  static final String LAUNCHED_FROM = "jsupervisor.launchedFrom";

  /** The line the detached daemon prints once it listens. */
  static final String READY = "jsupervisor-daemon-ready";

  /** How long the launching process waits for the daemon to listen or fail. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(120);

  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private Detacher() {}

  /**
   * Starts the detached daemon (in {@code directory} if present) and waits for it to listen or
   * fail; returns this process's exit status.
   */
  static int detach(String[] args, Optional<Path> directory, PrintStream out, PrintStream err) {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.addAll(JvmCommand.of(directory.isPresent()
        ? List.of("-D" + LAUNCHED_FROM + "=" + Path.of("").toAbsolutePath()) : List.of()));
    for (String a : args) {
      if (!a.equals("-d") && !a.equals("--daemon")) {
        cmd.add(a);
      }
    }
    cmd.add("--silent");
    cmd.add(DETACHED);
    Process daemon;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      directory.ifPresent(d -> pb.directory(d.toFile()));
      daemon = pb.start();
    } catch (IOException e) {
      err.println("Error: could not start the daemon process: " + e.getMessage());
      return 2;
    }
    CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAtMost(daemon.getErrorStream()));
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> awaitReadyLine(daemon, out));
    try {
      if (ready.get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
        return 0;
      }
      int status = daemon.waitFor();
      err.print(new String(errors.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
      return status == 0 ? 2 : status;
    } catch (TimeoutException e) {
      err.println("Error: the daemon (pid " + daemon.pid() + ") did not report that it listens within "
          + READY_WITHIN.toSeconds() + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (ExecutionException e) {
      err.println("Error: could not follow the daemon process: " + e.getCause());
      return 1;
    }
  }

  /** In a daemon detached into a directory: where its launcher ran (config paths resolve there). */
  static Optional<Path> launchedFrom() {
    String from = System.getProperty(LAUNCHED_FROM, "");
    return from.isEmpty() ? Optional.empty() : Optional.of(Path.of(from));
  }

  /** True once the daemon printed {@link #READY}; false at EOF (it exited). Other lines are passed on. */
  private static boolean awaitReadyLine(Process daemon, PrintStream out) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.equals(READY)) {
          return true;
        }
        out.println(line);
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] readAtMost(InputStream in) {
    try (in) {
      byte[] b = in.readNBytes(MAX_ERROR_BYTES);
      in.transferTo(OutputStream.nullOutputStream());
      return b;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * In the detached daemon, once it listens: tells the launching process, then points stdout and
   * stderr at /dev/null, since nobody reads those pipes after the launcher exits. Main thread.
   */
  static void reportReady(PosixSystem os) {
    System.out.println(READY);
    System.out.flush();
    os.redirectStdioToDevNull();
  }
}
