package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order processes start in: Kahn's topological sort of the {@code depends_on} graph (which names
 * programs, {@link ProcessSpec#program()}), taking ready processes by (group priority, group name,
 * process priority, process name). Without dependencies this is supervisord's
 * {@code startAllProcesses} order, and groups stay contiguous. Stop order is the reverse.
 *
 * <p>A process depends on every process of each program it names. Stateless; any thread.
 */
final class StartOrder {
  /** One process with what ordering needs to know. */
  record Node(ProcessName name, ProcessSpec spec, int groupPriority) {}

  static final Comparator<Node> READY_ORDER = Comparator.comparingInt(Node::groupPriority)
      .thenComparing(n -> n.name().group())
      .thenComparingInt(n -> n.spec().priority())
      .thenComparing(n -> n.name().name());

  private StartOrder() {}

  /**
   * The start order of every process of {@code groups}.
   *
   * @throws IllegalArgumentException on an unknown dependency or a cycle, naming it
   */
  static List<Node> of(List<GroupSpec> groups) {
    List<Node> nodes = new ArrayList<>();
    for (GroupSpec g : groups) {
      for (ProcessSpec p : g.processes()) {
        nodes.add(new Node(g.nameOf(p), p, g.priority()));
      }
    }
    Map<String, List<Node>> byProgram = new HashMap<>();
    for (Node n : nodes) {
      byProgram.computeIfAbsent(n.spec().program(), k -> new ArrayList<>()).add(n);
    }
    Map<Node, List<Node>> dependents = new IdentityHashMap<>();
    Map<Node, Integer> indegree = new IdentityHashMap<>();
    for (Node n : nodes) {
      indegree.put(n, 0);
    }
    for (Node n : nodes) {
      for (String dep : new LinkedHashSet<>(n.spec().dependsOn())) {
        List<Node> providers = byProgram.get(dep);
        if (providers == null) {
          throw new IllegalArgumentException("program '" + n.spec().program() + "' depends on '" + dep
              + "', which is not a known program");
        }
        for (Node p : providers) {
          dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
          indegree.merge(n, 1, Integer::sum);
        }
      }
    }
    PriorityQueue<Node> ready = new PriorityQueue<>(READY_ORDER);
    indegree.forEach((n, d) -> {
      if (d == 0) {
        ready.add(n);
      }
    });
    List<Node> order = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      order.add(n);
      for (Node d : dependents.getOrDefault(n, List.of())) {
        if (indegree.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (order.size() < nodes.size()) {
      Set<String> stuck = new TreeSet<>();
      indegree.forEach((n, d) -> {
        if (d > 0) {
          stuck.add(n.spec().program());
        }
      });
      throw new IllegalArgumentException("depends_on cycle: " + describeCycle(stuck, byProgram));
    }
    return order;
  }

  /** Walks dependency edges among the unsorted programs until one repeats: {@code a -> b -> a}. */
  private static String describeCycle(Set<String> stuck, Map<String, List<Node>> byProgram) {
    List<String> path = new ArrayList<>();
    String current = stuck.iterator().next();
    while (!path.contains(current)) {
      path.add(current);
      String next = null;
      for (String dep : new TreeSet<>(dependsOnOf(current, byProgram))) {
        if (stuck.contains(dep)) {
          next = dep;
          break;
        }
      }
      current = next; // never null: every stuck program waits on a stuck program
    }
    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
    cycle.add(current);
    return String.join(" -> ", cycle);
  }

  private static Set<String> dependsOnOf(String program, Map<String, List<Node>> byProgram) {
    Set<String> deps = new TreeSet<>();
    for (Node n : byProgram.get(program)) {
      deps.addAll(n.spec().dependsOn());
    }
    return deps;
  }
}
