package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates the {@link SupervisedProcess}es of a group, all STOPPED, wired to the shared
 * {@link ProcessServices} and to the observer their transitions go to; AUTO log files are named
 * here, once per process. Loop thread (or the builder's thread, before the loop runs).
 */
final class ProcessFactory {
  private final ProcessServices services;
  private final ProcessObserver observer;
  private final AutoLogNames autoLogNames;

  ProcessFactory(ProcessServices services, ProcessObserver observer, AutoLogNames autoLogNames) {
    this.services = services;
    this.observer = observer;
    this.autoLogNames = autoLogNames;
  }

  ProcessGroup create(GroupSpec spec) {
    List<SupervisedProcess> members = new ArrayList<>();
    for (ProcessSpec p : spec.processes()) {
      members.add(new SupervisedProcess(services, observer, spec.nameOf(p), p, spec.priority(),
          autoLogNames.resolve(p, p.stdout(), Channel.STDOUT), autoLogNames.resolve(p, p.stderr(), Channel.STDERR)));
    }
    return new ProcessGroup(spec, members);
  }
}
