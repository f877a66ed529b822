package dev.jsupervisor.config;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seed's {@code depends_on}: every name must be a program of this configuration and the
 * program graph must have no cycle. Problems name the section and the cycle ({@code a -> b -> a}).
 */
final class DependencyCheck {
  private DependencyCheck() {}

  /** {@code groups}: every group, fcgi-programs included. */
  static void check(LoadContext ctx, List<GroupSpec> groups) {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    List<ProcessSpec> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.processes()));
    for (ProcessSpec p : all) {
      edges.computeIfAbsent(p.program(), k -> new LinkedHashSet<>()).addAll(p.dependsOn());
    }
    Map<String, String> sectionOf = new HashMap<>();
    for (String s : ctx.doc.sectionNames()) {
      if (s.startsWith("program:") || s.startsWith("fcgi-program:")) {
        sectionOf.putIfAbsent(s.split(":", 2)[1], s);
      }
    }
    boolean unknown = false;
    for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
      for (String dep : e.getValue()) {
        if (!edges.containsKey(dep)) {
          String section = sectionOf.getOrDefault(e.getKey(), "program:" + e.getKey());
          ctx.problem(section, "depends_on", "[" + section + "] depends_on names unknown program " + dep);
          unknown = true;
        }
      }
    }
    if (!unknown) {
      findCycle(edges).ifPresent(cycle -> {
        String section = sectionOf.getOrDefault(cycle.get(0), "program:" + cycle.get(0));
        ctx.problem(section, "depends_on", "[" + section + "] depends_on forms a cycle: " + String.join(" -> ", cycle));
      });
    }
  }

  /** The first cycle met by a depth-first walk in declaration order, closed ({@code a -> b -> a}). */
  static java.util.Optional<List<String>> findCycle(Map<String, Set<String>> edges) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
    for (String start : edges.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> cycle = visit(start, edges, state, path);
      if (cycle != null) {
        return java.util.Optional.of(cycle);
      }
    }
    return java.util.Optional.empty();
  }

  private static List<String> visit(String node, Map<String, Set<String>> edges, Map<String, Integer> state,
      Deque<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return null;
    }
    if (s != null && s == 1) {
      List<String> stack = new ArrayList<>(path);
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.addLast(node);
    for (String next : edges.getOrDefault(node, Set.of())) {
      List<String> c = visit(next, edges, state, path);
      if (c != null) {
        return c;
      }
    }
    path.removeLast();
    state.put(node, 2);
    return null;
  }
}
