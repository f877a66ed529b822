package dev.jsupervisor.app;

import dev.jsupervisor.config.FleetSpec;
import dev.jsupervisor.config.InetHttpServer;
import dev.jsupervisor.config.SupervisordConf;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.DaemonControl;
import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.web.InetListener;
import dev.jsupervisor.web.ListenerBindException;
import dev.jsupervisor.web.UnixListener;
import dev.jsupervisor.web.WebServer;
import dev.jsupervisor.web.rest.Fleet;
import dev.jsupervisor.web.ui.WebApp;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * What a reload rebuilds: the engine with the configured groups and the HTTP servers serving it.
 * supervisord also re-creates both on reload (same OS process, same pid). Started and stopped by
 * the daemon's main thread only.
 */
final class Generation {
  private final Supervisor supervisor;
  private final WebServer web;

  private Generation(Supervisor supervisor, WebServer web) {
    this.supervisor = supervisor;
    this.web = web;
  }

  /**
   * Builds the engine and the servers, opens the listeners, runs {@code whenListening}, then starts
   * the programs (so that a child can reach SUPERVISOR_SERVER_URL as soon as it runs).
   *
   * @param eventSerials the daemon's global event serial, kept across reloads
   * @param whenListening what may be done only once this daemon owns its sockets (pidfile, log
   *     cleanup, readiness); not run when a listener cannot be opened
   * @throws Daemon.StartupException when a listener cannot be opened; nothing is left running then
   */
  static Generation start(SupervisordConf conf, Settings settings, DaemonControl daemon, MainLog log,
      java.util.concurrent.atomic.AtomicLong eventSerials, Runnable whenListening) throws Daemon.StartupException {
    Supervisor.Builder builder = Supervisor.builder()
        .eventSerials(eventSerials)
        .identifier(settings.identifier())
        .childLogDir(settings.childlogdir())
        .environment(settings.environment())
        .activityLog(log);
    serverUrl(conf).ifPresent(builder::serverUrl);
    for (GroupSpec g : conf.groups()) {
      builder.group(g);
    }
    Supervisor supervisor;
    try {
      supervisor = builder.build();
    } catch (IllegalArgumentException e) {
      throw new Daemon.StartupException(e.getMessage());
    }
    RpcDispatcher rpc = new RpcDispatcher(supervisor, daemon);
    WebServer.Builder web = WebServer.builder()
        .dispatcher(rpc)
        .supervisor(supervisor)
        .mainLogFile(daemon::mainLogFile)
        .activityLog(log)
        .extraRoutes(routes -> WebApp.register(routes, supervisor, daemon, fleet(conf)));
    conf.unixHttpServer().ifPresent(u -> web.unix(new UnixListener(u.file(), u.chmod(),
        u.chown().map(c -> c.split(":", 2)[0]),
        u.chown().filter(c -> c.contains(":")).map(c -> c.split(":", 2)[1]),
        u.username(), u.password())));
    conf.inetHttpServers().forEach(i -> web.inet(
        new InetListener(i.host(), i.port(), i.username(), i.password(), i.metricsAuth())));
    WebServer server = web.build();
    try {
      server.start();
    } catch (ListenerBindException e) {
      throw new Daemon.StartupException(e.supervisordMessage());
    }
    whenListening.run();
    supervisor.startAsync();
    return new Generation(supervisor, server);
  }

  /** The fleet view of the one {@code [inet_http_server*]} that sets nodename/remotes (config allows one). */
  private static Fleet fleet(SupervisordConf conf) {
    return conf.inetHttpServers().stream().map(InetHttpServer::fleet).filter(FleetSpec::configured).findFirst()
        .map(f -> new Fleet(f.nodename(), f.remotes().stream()
            .map(r -> new Fleet.Remote(r.name(), r.url(), r.username(), r.password()))
            .collect(java.util.stream.Collectors.toList()), f.timeout()))
        .orElse(Fleet.SINGLE);
  }

  /** {@code SUPERVISOR_SERVER_URL}: the unix socket if there is one, else the first inet server. */
  private static Optional<String> serverUrl(SupervisordConf conf) {
    if (conf.unixHttpServer().isPresent()) {
      return Optional.of("unix://" + conf.unixHttpServer().get().file());
    }
    return conf.inetHttpServers().stream().findFirst().map(i -> {
      String host = i.host().isEmpty() || i.host().equals("*") ? "localhost" : i.host();
      return "http://" + host + ":" + i.port();
    });
  }

  Supervisor supervisor() {
    return supervisor;
  }

  /**
   * Stops every program (reverse order, escalating to SIGKILL; the engine logs who it waits for),
   * then closes the servers.
   */
  void stop(MainLog log) {
    try {
      supervisor.stopAsync().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.log(LogLevel.ERRO, "error while stopping: " + e.getCause());
    }
    web.stop();
  }
}
