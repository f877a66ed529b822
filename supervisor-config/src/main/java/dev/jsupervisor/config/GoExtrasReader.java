package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.CronSchedule;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProgramExtrasSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Go port's program keys beyond the seed's restart ones: {@code envFiles} (comma list of
 * dotenv files, {@link DotenvFile}; a relative path is taken from the directory of the config file
 * the key is written in, as {@code %(here)s}, because a daemonized supervisor's working directory
 * is not the one it was started in) merged under {@code environment} (child env = supervisord env +
 * env files + environment), and {@code cron} ({@link CronSchedule}). Throws
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
    keys.currentKey().accept("");
    b.extras(new ProgramExtrasSpec(schedule));
  }
}
