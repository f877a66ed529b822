package dev.jsupervisor.ctl;

/** supervisord's namespec rules: {@code name}, {@code group:name}, {@code group:*}. */
final class Names {
  private Names() {}

  /**
   * {@code name} when group and name are equal, else {@code group:name}. A missing name prints as
   * {@code None}, as Python's supervisorctl does (e.g. {@code clear g:*} gives {@code g:None: ...}).
   */
  static String namespec(String group, String name) {
    if (name != null && name.equals(group)) {
      return name;
    }
    return group + ":" + (name == null ? "None" : name);
  }

  /**
   * Splits a namespec into {group, process}; process is null for {@code g:*} and {@code g:}. A bare
   * {@code x} means group x, process x.
   */
  static String[] split(String namespec) {
    int colon = namespec.indexOf(':');
    if (colon < 0) {
      return new String[] {namespec, namespec};
    }
    String proc = namespec.substring(colon + 1);
    return new String[] {
      namespec.substring(0, colon), proc.isEmpty() || proc.equals("*") ? null : proc
    };
  }
}
