package dev.jsupervisor.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The seed's restart triggers: restart (or signal, or run a command) when the program's binary
 * changes, or when a file matching a pattern changes under a directory.
 *
 * @param whenBinaryChanged {@code restart_when_binary_changed}
 * @param signalWhenBinaryChanged {@code restart_signal_when_binary_changed}: signals sent one after another instead of a restart
 * @param commandWhenBinaryChanged {@code restart_cmd_when_binary_changed}: argv to run instead of restart
 * @param directoryMonitor {@code restart_directory_monitor}
 * @param filePattern {@code restart_file_pattern} (a glob on the file name, default {@code *})
 * @param signalWhenFileChanged {@code restart_signal_when_file_changed} (as for the binary)
 * @param commandWhenFileChanged {@code restart_cmd_when_file_changed}
 */
public record RestartOnChange(
    boolean whenBinaryChanged,
    List<Signal> signalWhenBinaryChanged,
    List<String> commandWhenBinaryChanged,
    Optional<Path> directoryMonitor,
    String filePattern,
    List<Signal> signalWhenFileChanged,
    List<String> commandWhenFileChanged) {

  /** No trigger configured. */
  public static final RestartOnChange NONE =
      new RestartOnChange(false, List.of(), List.of(), Optional.empty(), "*", List.of(), List.of());

  public RestartOnChange {
    commandWhenBinaryChanged = List.copyOf(commandWhenBinaryChanged);
    commandWhenFileChanged = List.copyOf(commandWhenFileChanged);
    signalWhenBinaryChanged = List.copyOf(signalWhenBinaryChanged);
    signalWhenFileChanged = List.copyOf(signalWhenFileChanged);
  }

  /** Whether any trigger is configured. */
  public boolean isEnabled() {
    return whenBinaryChanged || directoryMonitor.isPresent();
  }
}
