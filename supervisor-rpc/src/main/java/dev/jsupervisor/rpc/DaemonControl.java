package dev.jsupervisor.rpc;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.UpdateGrain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the XML-RPC API needs from the daemon beyond the engine: the configuration on disk, the main
 * log, and the daemon-level commands. The daemon (supervisor-app) implements it; tests use fakes.
 * Methods are called on HTTP worker threads.
 */
public interface DaemonControl {

  /** {@code [supervisord] identifier}. */
  String identification();

  /** The daemon's pid. */
  long pid();

  /**
   * The groups of the configuration as last read (at start-up, reload or {@link #rereadConfig}),
   * active or not: what {@code getAllConfigInfo} lists and {@code addProcessGroup} may add.
   */
  List<GroupSpec> configuredGroups();

  /**
   * Parses the config files again without applying them (supervisord's {@code reloadConfig}); on
   * success the result becomes {@link #configuredGroups()}.
   *
   * @throws ConfigReadException with supervisord's error text when the files are broken; nothing
   *     changes then
   */
  List<GroupSpec> rereadConfig() throws ConfigReadException;

  /**
   * Parses the config files again and returns their groups without keeping them (the dry run of
   * jsupervisor's update): {@link #configuredGroups()} stays as it was.
   *
   * @throws ConfigReadException with supervisord's error text when the files are broken
   */
  List<GroupSpec> readConfig() throws ConfigReadException;

  /** {@code [supervisord] update_grain} (jsupervisor's key): what jsupervisor's update restarts. */
  UpdateGrain updateGrain();

  /** The main log file, if the daemon has one. */
  Optional<Path> mainLogFile();

  /** Deletes and reopens the main log. */
  void clearMainLog() throws IOException;

  /** Begins a shutdown (returns at once; the daemon stops everything and exits). */
  void shutdown();

  /** Begins a reload (returns at once; supervisord's {@code restart}). */
  void restart();

  /** A config that could not be read; the message is what supervisord would print after {@code Error: }. */
  final class ConfigReadException extends Exception {
    public ConfigReadException(String message) {
      super(message);
    }
  }
}
