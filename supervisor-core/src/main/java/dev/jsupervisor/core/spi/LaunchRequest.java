package dev.jsupervisor.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Everything a launcher needs to start one child: already resolved, no shell involved.
 *
 * @param label a short name for threads and messages, e.g. {@code web:api}
 * @param argv the argument vector; {@code argv[0]} is an absolute path to an executable file
 * @param environment the complete environment of the child
 * @param directory the working directory, or empty to inherit the supervisor's
 * @param umask the umask of the child, or empty to inherit
 * @param user switch to this user ({@code name}, {@code uid}, {@code name:group}) before exec; only
 *     possible when the supervisor runs as root
 * @param redirectStderr make fd 2 the same pipe as fd 1
 * @param stdout receives the child's fd 1
 * @param stderr receives the child's fd 2 (unused when redirectStderr)
 * @param stdinSocket when present, the child's fd 0 is this listening socket instead of a stdin
 *     pipe (an fcgi-program); the child then has no stdin to write to
 * @param onSpawned called by the launcher with the child's pid as soon as the child exists, on the
 *     launching thread and before either sink is called (a sink may be called before {@code launch}
 *     returns, on the I/O thread); a no-op unless set with {@link #withOnSpawned(IntConsumer)}
 */
public record LaunchRequest(
    String label,
    List<String> argv,
    Map<String, String> environment,
    Optional<Path> directory,
    Optional<Integer> umask,
    Optional<String> user,
    boolean redirectStderr,
    OutputSink stdout,
    OutputSink stderr,
    Optional<SharedSocket> stdinSocket,
    IntConsumer onSpawned) {

  /** A request whose child gets a stdin pipe. */
  public LaunchRequest(String label, List<String> argv, Map<String, String> environment, Optional<Path> directory,
      Optional<Integer> umask, Optional<String> user, boolean redirectStderr, OutputSink stdout, OutputSink stderr) {
    this(label, argv, environment, directory, umask, user, redirectStderr, stdout, stderr, Optional.empty());
  }

  /** A request with no {@code onSpawned} hook. */
  public LaunchRequest(String label, List<String> argv, Map<String, String> environment, Optional<Path> directory,
      Optional<Integer> umask, Optional<String> user, boolean redirectStderr, OutputSink stdout, OutputSink stderr,
      Optional<SharedSocket> stdinSocket) {
    this(label, argv, environment, directory, umask, user, redirectStderr, stdout, stderr, stdinSocket, pid -> {});
  }

  /** This request with {@code hook} as its {@link #onSpawned()}. */
  public LaunchRequest withOnSpawned(IntConsumer hook) {
    return new LaunchRequest(label, argv, environment, directory, umask, user, redirectStderr, stdout, stderr,
        stdinSocket, hook);
  }

  public LaunchRequest {
    Objects.requireNonNull(label, "label");
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv of " + label + " is empty");
    }
    environment = Map.copyOf(environment);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(stdinSocket, "stdinSocket");
    Objects.requireNonNull(onSpawned, "onSpawned");
  }
}
