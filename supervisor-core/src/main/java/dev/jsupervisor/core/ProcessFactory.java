package dev.jsupervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates the {@link SupervisedProcess}es of a group, all STOPPED, wired to the shared
 * {@link ProcessServices} and to the observer their transitions go to; AUTO log files are named
 * here, once per process. The members of a listener pool get their {@link ListenerSlot}s (their
 * stdout taps) and the group its {@link EventListenerPool}; the members of an fcgi-program share
 * the group's {@link SharedSocketManager}. Loop thread (or the builder's thread,
 * before the loop runs).
 */
final class ProcessFactory {
  private final ProcessServices services;
  private final ProcessObserver observer;
  private final AutoLogNames autoLogNames;
  private final String identifier;
  private final Runnable wantDispatch;
  private java.util.function.Consumer<SupervisedProcess> extras = p -> { };

  /** {@code identifier} goes into listener envelopes; {@code wantDispatch} asks for a dispatch of the pools. */
  ProcessFactory(ProcessServices services, ProcessObserver observer, AutoLogNames autoLogNames, String identifier,
      Runnable wantDispatch) {
    this.services = services;
    this.observer = observer;
    this.autoLogNames = autoLogNames;
    this.identifier = identifier;
    this.wantDispatch = wantDispatch;
  }

  /** Set once, before the first group is created: attaches per-process extras (restart on change, cron). */
  void attachExtras(java.util.function.Consumer<SupervisedProcess> extras) {
    this.extras = extras;
  }

  /**
   * The group's processes, all STOPPED. An fcgi-program's socket is created and closed once first,
   * as supervisord does.
   *
   * @throws IllegalArgumentException when an fcgi-program's socket cannot be created
   */
  ProcessGroup create(GroupSpec spec) {
    Optional<SharedSocketManager> socket = spec.sharedSocket()
        .map(s -> new SharedSocketManager(s, services.launcher(), services.activityLog()));
    socket.ifPresent(SharedSocketManager::probe);
    List<SupervisedProcess> members = new ArrayList<>();
    for (ProcessSpec p : spec.processes()) {
      SupervisedProcess member = member(spec, p);
      socket.ifPresent(member::shareSocket);
      members.add(member);
    }
    Optional<EventListenerPool> pool = spec.listenerPool().map(p -> {
      EventListenerPool listeners = new EventListenerPool(spec.name(), p, identifier, services.activityLog(), wantDispatch);
      for (SupervisedProcess member : members) {
        ListenerSlot slot = new ListenerSlot(member, listeners, services.loop(), services.activityLog());
        member.tapStdout(slot::tap);
        listeners.add(slot);
      }
      return listeners;
    });
    members.forEach(extras);
    return new ProcessGroup(spec, members, pool, socket);
  }

  /**
   * A new STOPPED member {@code p} joining the existing {@code group} (a per-process update): AUTO
   * logs named, the group's fcgi socket shared, its extras (restart on change, cron) attached.
   */
  SupervisedProcess joining(ProcessGroup group, GroupSpec spec, ProcessSpec p) {
    SupervisedProcess member = member(spec, p);
    group.sharedSocket().ifPresent(member::shareSocket);
    extras.accept(member);
    return member;
  }

  /**
   * One STOPPED member {@code p} of {@code spec} (not of a listener pool), AUTO logs named; a
   * redirected stderr has no log of its own (supervisord never creates one).
   */
  SupervisedProcess member(GroupSpec spec, ProcessSpec p) {
    LogSpec stderr = p.redirectStderr() ? p.stderr().withTargets(List.of())
        : autoLogNames.resolve(p, p.stderr(), Channel.STDERR);
    return new SupervisedProcess(services, observer, spec.nameOf(p), p, spec.priority(),
        autoLogNames.resolve(p, p.stdout(), Channel.STDOUT), stderr);
  }
}
