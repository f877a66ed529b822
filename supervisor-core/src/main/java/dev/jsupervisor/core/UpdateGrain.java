package dev.jsupervisor.core;

import java.util.Locale;
import java.util.Optional;

/**
 * What an update restarts when a group's configuration changed ({@code [supervisord] update_grain},
 * jsupervisor's own key): {@link #PROCESS} only the members whose own configuration changed,
 * {@link #GROUP} every member, as supervisord does.
 */
public enum UpdateGrain {
  /** Restart only the members whose own configuration changed; add or drop only the surplus. */
  PROCESS,
  /** Stop every member, remove the group and add it again, as supervisord's update does. */
  GROUP;

  /** The config value ({@code process}, {@code group}, any case), or empty if it is neither. */
  public static Optional<UpdateGrain> parse(String value) {
    for (UpdateGrain g : values()) {
      if (g.name().equalsIgnoreCase(value.strip())) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** The config value. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
