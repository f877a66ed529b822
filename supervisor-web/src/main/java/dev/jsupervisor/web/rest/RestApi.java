package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.DaemonControl;
import dev.jsupervisor.web.rest.LogResource.Mode;
import dev.jsupervisor.web.rest.ProcessActionResource.Action;
import dev.jsupervisor.web.rest.SupervisorResource.Op;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import java.util.Locale;

/**
 * Registers the REST routes (documented in {@code supervisor-web/REST.md}) on a routing tree. The
 * Go port's route names are kept ({@code /program/list}, {@code /program/start/{name}},
 * {@code /program/start/{node}/{name}}, ...). Every state-changing route is wrapped in a
 * {@link CsrfGuard} and accepts POST and PUT, as the Go port does. With a {@link Fleet}, the
 * {@code {node}} routes of a remote are proxied to it ({@link NodeRouter}) and the list routes fan
 * out ({@link FleetResource}).
 */
public final class RestApi {
  private RestApi() {}

  /** Adds the routes of a single node; called once per routing tree while the server is being built. */
  public static void register(RoutingHandler routes, Supervisor supervisor, DaemonControl daemon) {
    register(routes, supervisor, daemon, Fleet.SINGLE);
  }

  /**
   * Adds the routes, with {@code fleet}'s remotes behind {@code /program/list}, {@code
   * /supervisor/listNodes} and the {@code {node}} routes; called once per routing tree while the
   * server is being built.
   */
  public static void register(RoutingHandler routes, Supervisor supervisor, DaemonControl daemon, Fleet fleet) {
    Targets targets = new Targets(daemon, fleet);
    RemoteNodes remotes = new RemoteNodes(fleet);
    // 500 processes are ~150 KB of JSON every poll; gzip makes that ~15 KB
    routes.get("/program/list", new EncodingHandler(FleetResource.processes(supervisor, targets, remotes),
        new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50)));
    routes.get("/supervisor/listNodes",
        FleetResource.nodes(supervisor, targets, remotes, new HostLoad(java.nio.file.Path.of("/proc"))));
    routes.get("/program/info/{name}", ProcessesResource.info(supervisor, targets));
    routes.get("/program/info/{node}/{name}",
        new NodeRouter(remotes, 3, false, ProcessesResource.info(supervisor, targets)));

    for (Action action : Action.values()) {
      String verb = action.name().toLowerCase(Locale.ROOT);
      HttpHandler one = new ProcessActionResource(supervisor, targets, action, false);
      HttpHandler all = new ProcessActionResource(supervisor, targets, action, true);
      if (action == Action.SIGNAL) {
        change(routes, "/program/signal/{name}/{signal}", one);
        change(routes, "/program/signalAll/{signal}", all);
      } else {
        change(routes, "/program/" + verb + "/{name}", one);
        change(routes, "/program/" + verb + "/{node}/{name}", new NodeRouter(remotes, 3, true, one));
        change(routes, "/program/" + verb + "All", all);
      }
    }
    change(routes, "/program/startPrograms", new ProgramBatchResource(supervisor, targets, remotes, true));
    change(routes, "/program/stopPrograms", new ProgramBatchResource(supervisor, targets, remotes, false));

    routes.get("/program/log/{name}/{channel}", new LogResource(supervisor, daemon, targets, Mode.WHOLE, false));
    routes.get("/program/log/{node}/{name}/{channel}",
        new NodeRouter(remotes, 3, false, new LogResource(supervisor, daemon, targets, Mode.WHOLE, false)));
    routes.get("/program/tail/{name}/{channel}", new LogResource(supervisor, daemon, targets, Mode.TAIL, false));
    routes.get("/program/read/{name}/{channel}", new LogResource(supervisor, daemon, targets, Mode.READ, false));
    // jsupervisor's log windows on a node too, so the page can follow a remote's log
    routes.get("/program/tail/{node}/{name}/{channel}",
        new NodeRouter(remotes, 3, false, new LogResource(supervisor, daemon, targets, Mode.TAIL, false)));
    routes.get("/program/read/{node}/{name}/{channel}",
        new NodeRouter(remotes, 3, false, new LogResource(supervisor, daemon, targets, Mode.READ, false)));
    routes.get("/supervisor/log/tail", new LogResource(supervisor, daemon, targets, Mode.TAIL, true));
    routes.get("/supervisor/log/read", new LogResource(supervisor, daemon, targets, Mode.READ, true));

    routes.get("/supervisor/events", new EventStreamResource(supervisor));
    routes.get("/supervisor/info", new SupervisorResource(supervisor, daemon, targets, Op.INFO));
    routes.get("/supervisor/ping", new SupervisorResource(supervisor, daemon, targets, Op.PING));
    routes.get("/supervisor/{node}/ping",
        new NodeRouter(remotes, 2, false, new SupervisorResource(supervisor, daemon, targets, Op.PING)));
    routes.get("/supervisor/update/plan", new UpdateResource(supervisor, daemon, false));
    change(routes, "/supervisor/update", new UpdateResource(supervisor, daemon, true));
    for (Op op : new Op[] {Op.SHUTDOWN, Op.RELOAD}) {
      HttpHandler h = new SupervisorResource(supervisor, daemon, targets, op);
      String verb = op.name().toLowerCase(Locale.ROOT);
      change(routes, "/supervisor/" + verb, h);
      change(routes, "/supervisor/{node}/" + verb, new NodeRouter(remotes, 2, false, h));
    }
  }

  private static void change(RoutingHandler routes, String template, HttpHandler handler) {
    HttpHandler guarded = new CsrfGuard(handler);
    routes.post(template, guarded);
    routes.put(template, guarded);
  }
}
