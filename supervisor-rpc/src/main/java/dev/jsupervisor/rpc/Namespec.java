package dev.jsupervisor.rpc;

/**
 * A namespec split exactly as supervisord's {@code split_namespec} does: at the first colon;
 * {@code group:*} and {@code group:} address the whole group ({@code process} null); a bare
 * {@code name} means group {@code name}, process {@code name}. (Unlike
 * {@code ProcessName.isGroupSpec}, {@code a:b:*} is process {@code b:*} of group {@code a}, as in
 * supervisord.)
 *
 * @param group the group part
 * @param process the process part, or null for the whole group
 */
record Namespec(String group, String process) {

  static Namespec parse(String namespec) {
    int colon = namespec.indexOf(':');
    if (colon < 0) {
      return new Namespec(namespec, namespec);
    }
    String process = namespec.substring(colon + 1);
    if (process.isEmpty() || process.equals("*")) {
      process = null;
    }
    return new Namespec(namespec.substring(0, colon), process);
  }

  boolean isGroup() {
    return process == null;
  }
}
