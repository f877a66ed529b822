package dev.jsupervisor.core;

import java.util.List;
import java.util.Map;

/**
 * What one spawn runs, computed once per spawn: the resolved argv (argv[0] found on the child's
 * PATH, else supervisord's default PATH, and checked) and the complete environment. A start request
 * computes it first so that a bad command fails the request (NO_FILE, NOT_EXECUTABLE) before the
 * process moves; the spawn then uses the same plan. Immutable; any thread.
 */
record LaunchPlan(List<String> argv, Map<String, String> environment) {

  LaunchPlan {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
  }

  /**
   * The plan for one child of {@code spec}.
   *
   * @throws CommandLine.BadCommandException with supervisord's text when the command cannot run
   */
  static LaunchPlan of(ProcessName name, ProcessSpec spec, ChildEnvironment environments)
      throws CommandLine.BadCommandException {
    Map<String, String> env = environments.of(name, spec);
    return new LaunchPlan(CommandLine.resolve(spec.command(), env.get("PATH")), env);
  }
}
