package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.RestartOnChange;
import dev.jsupervisor.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Go seed's program keys, read after supervisord's own: {@code restartpause}, {@code depends_on}
 * (names checked later by {@link DependencyCheck}), {@code restart_when_binary_changed},
 * {@code restart_{signal,cmd}_when_{binary,file}_changed}, {@code restart_directory_monitor},
 * {@code restart_file_pattern}. Throws {@link dev.jsupervisor.config.values.ValueException} on a bad value.
 */
final class SeedExtrasReader {
  private final SectionKeys keys;
  private final LoadContext ctx;
  private final String section;

  SeedExtrasReader(SectionKeys keys) {
    this.keys = keys;
    this.ctx = keys.ctx();
    this.section = keys.section();
  }

  private String get(String key, String dflt) {
    return keys.get(key, dflt);
  }

  void apply(ProcessSpec.Builder b) {
    int restartpause = Converters.intValue(get("restartpause", "0"));
    if (restartpause < 0) {
      throw new dev.jsupervisor.config.values.ValueException(restartpause + " is below lower bound (0)");
    }
    b.restartpause(Duration.ofSeconds(restartpause));
    String dependsOn = get("depends_on", "");
    b.dependsOn(HealthReader.dependencyNames(dependsOn)); // name:condition goes to HealthReader

    boolean whenBinary = Converters.bool(get("restart_when_binary_changed", "false"));
    List<Signal> signalBinary = optionalSignal("restart_signal_when_binary_changed");
    List<String> cmdBinary = command("restart_cmd_when_binary_changed");
    String dir = get("restart_directory_monitor", null);
    Optional<Path> directory = dir == null || dir.isBlank() ? Optional.empty() : Optional.of(ctx.normalizePath(dir));
    String pattern = get("restart_file_pattern", "*");
    List<Signal> signalFile = optionalSignal("restart_signal_when_file_changed");
    List<String> cmdFile = command("restart_cmd_when_file_changed");
    b.restartOnChange(new RestartOnChange(whenBinary, signalBinary, cmdBinary, directory,
        pattern.isBlank() ? "*" : pattern.strip(), signalFile, cmdFile));
    new HealthReader(keys).apply(b, dependsOn);
  }

  /** A signal list as {@code stopsignal}'s (whitespace-separated); empty when not set. */
  private List<Signal> optionalSignal(String key) {
    String v = get(key, null);
    return v == null || v.isBlank() ? List.of() : Converters.signals(v.strip());
  }

  private List<String> command(String key) {
    String v = get(key, null);
    return v == null ? List.of() : Converters.commandLine(v);
  }
}
