package dev.jsupervisor.config;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a reader of one group of keys gets its values: one section of the files being loaded, with
 * that section's expansions and {@code [program-default]} fallback, telling {@code currentKey} each
 * key it reads so that an error names it. Used by the readers of opt-in keys (seed extras, health,
 * Go extras, log format); loading thread only.
 */
record SectionKeys(LoadContext ctx, String section, boolean programDefaults, Map<String, Object> expansions,
    Consumer<String> currentKey) {

  /** The value of {@code key} in the section (expanded), or {@code dflt} when it is not set. */
  String get(String key, String dflt) {
    currentKey.accept(key);
    return ctx.get(section, key, dflt, expansions, programDefaults);
  }
}
