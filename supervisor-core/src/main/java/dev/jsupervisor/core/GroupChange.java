package dev.jsupervisor.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a configured group differs from the active group of the same name, process by process: what
 * an update that restarts only what changed does to it. Immutable; computed on any thread from two
 * specs ({@link #between}), and by the engine's {@link Supervisor#updateGroup} from the active spec
 * on the loop thread.
 *
 * <p>Two specs of a process are the same configuration when every {@link ProcessSpec} component is
 * equal, except that an AUTO log file equals any file (the engine names AUTO files itself). The
 * group is replaced as a whole ({@link #wholeGroup} says why) when it is an event-listener pool or
 * its priority changed, and under supervisord's group grain ({@link #asWholeGroup}).
 *
 * @param group the group name
 * @param wholeGroup present when every member is stopped and the group is removed and added again,
 *     as supervisord's update does: the reason
 * @param restarted members in both specs that are stopped and replaced by the new spec's process,
 *     each with the config keys that changed (empty: restarted only because the whole group is)
 * @param added members only in the configured spec (numprocs up), started if autostart
 * @param removed members only in the active spec (numprocs down), stopped and dropped
 * @param unchanged members left running untouched (same pid)
 */
public record GroupChange(String group, Optional<String> wholeGroup, List<Restart> restarted, List<String> added,
    List<String> removed, List<String> unchanged) {

  /** One member to restart and the supervisord config keys whose values changed. */
  public record Restart(String process, List<String> keys) {
    public Restart {
      Objects.requireNonNull(process, "process");
      keys = List.copyOf(keys);
    }
  }

  public GroupChange {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(wholeGroup, "wholeGroup");
    restarted = List.copyOf(restarted);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    unchanged = List.copyOf(unchanged);
  }

  /** The change from {@code active} to {@code configured} (same group name expected). */
  public static GroupChange between(GroupSpec active, GroupSpec configured) {
    Map<String, ProcessSpec> old = new LinkedHashMap<>();
    active.processes().forEach(p -> old.put(p.name(), p));
    List<Restart> restarted = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (ProcessSpec p : configured.processes()) {
      ProcessSpec was = old.remove(p.name());
      if (was == null) {
        added.add(p.name());
        continue;
      }
      List<String> keys = changedKeys(was, p);
      if (keys.isEmpty()) {
        unchanged.add(p.name());
      } else {
        restarted.add(new Restart(p.name(), keys));
      }
    }
    List<String> removed = new ArrayList<>(old.keySet());
    GroupChange change = new GroupChange(configured.name(), Optional.empty(), restarted, added, removed, unchanged);
    if (active.priority() != configured.priority()) {
      return change.whole("group priority changed");
    }
    if (!change.isEmpty() && (active.listenerPool().isPresent() || configured.listenerPool().isPresent())) {
      return change.whole("event listener pool");
    }
    if (!active.listenerPool().equals(configured.listenerPool())) {
      return change.whole("event listener settings changed");
    }
    return change;
  }

  /** Whether nothing changed: no member to restart, add or remove. */
  public boolean isEmpty() {
    return restarted.isEmpty() && added.isEmpty() && removed.isEmpty() && wholeGroup.isEmpty();
  }

  /** This change applied as supervisord does: every member in both specs is restarted. */
  public GroupChange asWholeGroup(String reason) {
    return isEmpty() ? this : whole(reason);
  }

  private GroupChange whole(String reason) {
    if (wholeGroup.isPresent()) {
      return this;
    }
    List<Restart> all = new ArrayList<>(restarted);
    unchanged.forEach(name -> all.add(new Restart(name, List.of())));
    return new GroupChange(group, Optional.of(reason), all, added, removed, List.of());
  }

  /**
   * The supervisord config keys whose values differ between two specs of a process, in
   * {@link ProcessSpec}'s component order; empty if they are the same configuration. A log spec
   * that says AUTO on either side compares its files as equal.
   */
  public static List<String> changedKeys(ProcessSpec a, ProcessSpec b) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : ProcessSpec.class.getRecordComponents()) {
      Object va = value(c, a);
      Object vb = value(c, b);
      if (va instanceof LogSpec la && vb instanceof LogSpec lb && (isAuto(la) || isAuto(lb))) {
        va = la.withTargets(lb.targets());
      }
      if (!Objects.equals(va, vb)) {
        keys.add(keyName(c.getName()));
      }
    }
    return keys;
  }

  private static Object value(RecordComponent c, ProcessSpec spec) {
    try {
      return c.getAccessor().invoke(spec);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of a ProcessSpec", e);
    }
  }

  private static boolean isAuto(LogSpec s) {
    return s.targets().stream().anyMatch(t -> t instanceof LogTarget.Auto);
  }

  /** A component name as the config key a supervisord user knows ({@code stdout} covers {@code stdout_*}). */
  static String keyName(String component) {
    switch (component) {
      case "name":
        return "process_name";
      case "stopsignals":
        return "stopsignal";
      case "stdout":
      case "stderr":
        return component + "_*";
      default:
        break;
    }
    StringBuilder sb = new StringBuilder();
    for (char ch : component.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
