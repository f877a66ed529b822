package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.CronSchedule;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProgramExtrasSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Go port's program keys beyond the seed's restart ones: {@code envFiles} (comma list of
 * dotenv files, {@link DotenvFile}; a relative path is taken from the directory of the config file
 * the key is written in, as {@code %(here)s}, because a daemonized supervisor's working directory
 * is not the one it was started in) merged under {@code environment} (child env = supervisord env +
 * env files + environment), {@code cron} ({@link CronSchedule}) and the hooks {@code pre_start_hook}
 * / {@code pre_stop_hook} (a command line split as {@code command} is, no shell; the Go port's
 * {@code script://} prefix is accepted; its {@code http(s)://} and {@code tcp://} hooks are refused
 * as not supported). Throws
 * {@link ValueException} on a bad value; reads the files at load time, so a broken one fails the
 * load (or the reread) and a changed one makes {@code update} restart the program.
 */
final class GoExtrasReader {
  private final SectionKeys keys;
  private final LoadContext ctx;
  private final String section;

  GoExtrasReader(SectionKeys keys) {
    this.keys = keys;
    this.ctx = keys.ctx();
    this.section = keys.section();
  }

  private String get(String key) {
    return keys.get(key, null);
  }

  /** Sets the environment ({@code environment} over the env files) and the extras on {@code b}. */
  void apply(ProcessSpec.Builder b, Map<String, String> environment) {
    String files = get("envfiles");
    if (files != null && !files.isBlank()) {
      Path base = Path.of(ctx.here(ctx.sectionFile(section)));
      Map<String, String> merged = new LinkedHashMap<>();
      for (String f : Converters.listOfStrings(files)) {
        if (!f.isEmpty()) {
          merged.putAll(DotenvFile.read(base.resolve(Converters.expandUser(f, ctx.home())).normalize()));
        }
      }
      merged.putAll(environment);
      b.environment(merged);
    }
    String cron = get("cron");
    Optional<CronSchedule> schedule = Optional.empty();
    if (cron != null && !cron.isBlank()) {
      try {
        schedule = Optional.of(CronSchedule.parse(cron));
      } catch (IllegalArgumentException e) {
        throw new ValueException("invalid cron spec '" + cron.strip() + "': " + e.getMessage());
      }
    }
    List<String> preStart = hook("pre_start_hook");
    List<String> preStop = hook("pre_stop_hook");
    keys.currentKey().accept("");
    b.extras(new ProgramExtrasSpec(schedule, preStart, preStop));
  }

  /** A hook's argv, or empty when the key is absent or blank. */
  private List<String> hook(String key) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    String cmd = v.strip();
    String lower = cmd.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("tcp://")) {
      throw new ValueException("unsupported " + key + " '" + cmd + "': only commands (optionally script://cmd) are"
          + " supported, not http(s):// or tcp:// checks");
    }
    if (lower.startsWith("script://")) {
      cmd = cmd.substring("script://".length()).strip();
    }
    List<String> argv = Converters.commandLine(cmd);
    if (argv.isEmpty()) {
      throw new ValueException("empty " + key + " command '" + v.strip() + "'");
    }
    return argv;
  }
}
