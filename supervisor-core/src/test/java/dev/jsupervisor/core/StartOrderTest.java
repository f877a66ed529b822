package dev.jsupervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class StartOrderTest {
  private static ProcessSpec p(String name, int priority, String... deps) {
    return Harness.spec(name).priority(priority).dependsOn(List.of(deps)).build();
  }

  private static List<String> order(GroupSpec... groups) {
    return StartOrder.of(List.of(groups)).stream().map(n -> n.name().namespec()).toList();
  }

  @Test
  void startOrder_noDependencies_groupPriorityThenProcessPriorityThenName() {
    GroupSpec web = new GroupSpec("web", 20, List.of(p("b", 1), p("a", 1), p("c", 0)));
    GroupSpec db = new GroupSpec("db", 10, List.of(p("z", 999)));
    GroupSpec alpha = new GroupSpec("alpha", 20, List.of(p("y", 5)));
    assertThat(order(web, db, alpha)).containsExactly("db:z", "alpha:y", "web:c", "web:a", "web:b");
  }

  @Test
  void startOrder_dependency_comesBeforeItsDependentsWhateverThePriority() {
    GroupSpec web = GroupSpec.single(p("web", 1, "db"));
    GroupSpec db = GroupSpec.single(p("db", 500, "cache"));
    GroupSpec cache = GroupSpec.single(p("cache", 900));
    GroupSpec other = GroupSpec.single(p("other", 100));
    assertThat(order(web, db, cache, other)).containsExactly("other", "cache", "db", "web");
  }

  @Test
  void startOrder_dependencyOnProgramWithSeveralProcesses_waitsForAllOfThem() {
    ProcessSpec w0 = Harness.spec("worker_00").program("worker").priority(50).build();
    ProcessSpec w1 = Harness.spec("worker_01").program("worker").priority(50).build();
    GroupSpec workers = new GroupSpec("worker", 50, List.of(w0, w1));
    GroupSpec api = GroupSpec.single(p("api", 1, "worker"));
    assertThat(order(api, workers)).containsExactly("worker:worker_00", "worker:worker_01", "api");
  }

  @Test
  void startOrder_cycle_namesTheCycle() {
    GroupSpec a = GroupSpec.single(p("a", 1, "b"));
    GroupSpec b = GroupSpec.single(p("b", 1, "a"));
    GroupSpec c = GroupSpec.single(p("c", 1, "a"));
    assertThatThrownBy(() -> order(c, a, b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("depends_on cycle: a -> b -> a");
  }

  @Test
  void startOrder_selfDependency_isACycle() {
    assertThatThrownBy(() -> order(GroupSpec.single(p("a", 1, "a"))))
        .hasMessage("depends_on cycle: a -> a");
  }

  @Test
  void startOrder_unknownDependency_namesIt() {
    assertThatThrownBy(() -> order(GroupSpec.single(p("web", 1, "db")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("program 'web' depends on 'db', which is not a known program");
  }

  @Test
  void build_cycle_throwsIllegalArgumentException() {
    Supervisor.Builder b = Supervisor.builder().launcher(new FakeLauncher())
        .group(GroupSpec.single(p("a", 1, "b"))).group(GroupSpec.single(p("b", 1, "a")));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a -> b -> a");
  }
}
