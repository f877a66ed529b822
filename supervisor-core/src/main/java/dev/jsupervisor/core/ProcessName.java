package dev.jsupervisor.core;

import java.util.Objects;

/**
 * The address of one process: its group and its process name. supervisord's "namespec" is
 * {@code group:name}, shortened to {@code name} when both are equal.
 *
 * @param group the group name (the program name, or a {@code [group:x]} name)
 * @param name the process name (e.g. {@code worker_00})
 */
public record ProcessName(String group, String name) implements Comparable<ProcessName> {

  public ProcessName {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
  }

  /** A process alone in its own group of the same name. */
  public static ProcessName of(String name) {
    return new ProcessName(name, name);
  }

  /**
   * Parses a namespec for one process: {@code group:name} or {@code name} (meaning {@code name:name}).
   * Whole-group forms ({@code group:*}, {@code group:}) are not process names; callers check
   * {@link #isGroupSpec(String)} first.
   */
  public static ProcessName parse(String namespec) {
    int colon = namespec.indexOf(':');
    if (colon < 0) {
      return of(namespec);
    }
    return new ProcessName(namespec.substring(0, colon), namespec.substring(colon + 1));
  }

  /** Whether {@code namespec} addresses a whole group: {@code group:*} or {@code group:}. */
  public static boolean isGroupSpec(String namespec) {
    // split at the first colon, as supervisord's split_namespec: "a:b:*" is process "b:*" of "a"
    int colon = namespec.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String process = namespec.substring(colon + 1);
    return process.isEmpty() || process.equals("*");
  }

  /** The group part of {@code group:*}, {@code group:}, {@code group:name} or {@code name}. */
  public static String groupOf(String namespec) {
    int colon = namespec.indexOf(':');
    return colon < 0 ? namespec : namespec.substring(0, colon);
  }

  /** supervisord's namespec: {@code name} when group and name are equal, else {@code group:name}. */
  public String namespec() {
    return group.equals(name) ? name : group + ":" + name;
  }

  @Override
  public int compareTo(ProcessName o) {
    int c = group.compareTo(o.group);
    return c != 0 ? c : name.compareTo(o.name);
  }

  // equals and hashCode written out: the record's generated ones are linked through method handles
  // at their first call, which spins classes at start-up (ARCHITECTURE, "What start-up pays for")
  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessName other && group.equals(other.group) && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return 31 * group.hashCode() + name.hashCode();
  }

  @Override
  public String toString() {
    return namespec();
  }
}
