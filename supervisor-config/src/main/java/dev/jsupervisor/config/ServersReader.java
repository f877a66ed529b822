package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.ValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [inet_http_server*]} then {@code [unix_http_server*]} (matched by prefix, as supervisord
 * does), {@code [rpcinterface:x]} and {@code [supervisorctl]}. Loading thread only.
 */
final class ServersReader {
  private static final String AUTH_MESSAGE = "contains incomplete authentication: If a username or a password "
      + "is specified, both the username and password must be specified";

  private final LoadContext ctx;
  final List<InetHttpServer> inet = new ArrayList<>();
  final List<UnixHttpServer> unix = new ArrayList<>();
  final List<RpcInterfaceSpec> rpc = new ArrayList<>();
  private String key = "";

  ServersReader(LoadContext ctx) {
    this.ctx = ctx;
  }

  private String get(String section, String k, Map<String, Object> extra) {
    key = k;
    return ctx.get(section, k, null, extra, false);
  }

  void readRpcInterfaces() {
    for (String section : ctx.doc.sectionNames()) {
      if (!section.startsWith("rpcinterface:")) {
        continue;
      }
      try {
        String name = section.split(":", 2)[1];
        String factory = get(section, "supervisor.rpcinterface_factory", Map.of());
        if (factory == null) {
          throw new ValueException("section [" + section + "] does not specify a supervisor.rpcinterface_factory");
        }
        Map<String, String> extras = new java.util.LinkedHashMap<>();
        for (String k : ctx.doc.keys(section)) {
          if (!k.equals("supervisor.rpcinterface_factory")) {
            extras.put(k, get(section, k, Map.of()));
          }
        }
        boolean builtin = factory.strip().equals(RpcInterfaceSpec.MAIN_FACTORY);
        if (!builtin) {
          ctx.warnings.add(factory + " in [" + section + "] is a Python factory that jsupervisor cannot load; "
              + "the section is ignored");
        }
        rpc.add(new RpcInterfaceSpec(name, factory.strip(), extras, builtin));
      } catch (IllegalArgumentException e) {
        ctx.problem(section, key, e.getMessage());
      }
    }
  }

  void readHttpServers() {
    for (String section : ctx.doc.sectionNames()) {
      if (section.startsWith("inet_http_server")) {
        try {
          Optional<String>[] auth = auth(section);
          String port = get(section, "port", Map.of());
          if (port == null) {
            throw new ValueException("section [" + section + "] has no port value");
          }
          Map.Entry<String, Integer> address = Converters.inetAddress(port);
          String metricsAuth = get(section, "metrics_auth", Map.of());
          FleetSpec fleet = fleet(section);
          inet.add(new InetHttpServer(section, address.getKey(), address.getValue(), auth[0], auth[1],
              metricsAuth == null || Converters.bool(metricsAuth), fleet));
        } catch (IllegalArgumentException e) {
          ctx.problem(section, key, e.getMessage());
        }
      }
    }
    for (String section : ctx.doc.sectionNames()) {
      if (section.startsWith("unix_http_server")) {
        try {
          unix.add(unixServer(section));
        } catch (IllegalArgumentException e) {
          ctx.problem(section, key, e.getMessage());
        }
      }
    }
  }

  /** The fleet keys ({@link FleetReader}); only one section may set them, as all share one web UI. */
  private FleetSpec fleet(String section) {
    FleetReader reader = new FleetReader((s, k) -> get(s, k, Map.of()));
    FleetSpec fleet;
    try {
      fleet = reader.read(section);
    } catch (ValueException e) {
      key = reader.key();
      throw e;
    }
    if (fleet.configured()) {
      for (InetHttpServer other : inet) {
        if (other.fleet().configured()) {
          key = fleet.remotes().isEmpty() ? "nodename" : "remotes";
          throw new ValueException("section [" + section + "] sets nodename/remotes, but [" + other.section()
              + "] does already; the listeners share one fleet view, so set them in one section only");
        }
      }
    }
    return fleet;
  }

  private UnixHttpServer unixServer(String section) {
    String file = get(section, "file", Map.of());
    if (file == null) {
      throw new ValueException("section [" + section + "] has no file value");
    }
    Optional<String>[] auth = auth(section);
    String chown = get(section, "chown", Map.of());
    int[] ids = {-1, -1};
    if (chown != null) {
      try {
        ids = Converters.userGroup(chown, ctx.users);
      } catch (ValueException e) {
        throw new ValueException("Invalid sockchown value " + chown);
      }
    }
    String chmodText = get(section, "chmod", Map.of());
    int chmod = 0700;
    if (chmodText != null) {
      try {
        chmod = Converters.octal(chmodText);
      } catch (ValueException e) {
        throw new ValueException("Invalid chmod value " + chmodText);
      }
    }
    return new UnixHttpServer(section, ctx.normalizePath(file.strip()), chmod, Optional.ofNullable(chown), ids[0],
        ids[1], auth[0], auth[1]);
  }

  @SuppressWarnings("unchecked")
  private Optional<String>[] auth(String section) {
    String username = get(section, "username", Map.of());
    String password = get(section, "password", Map.of());
    if ((username == null) != (password == null)) {
      key = username == null ? "username" : "password";
      throw new ValueException("Section [" + section + "] " + AUTH_MESSAGE);
    }
    return new Optional[] {Optional.ofNullable(username), Optional.ofNullable(password)};
  }

  /** {@code [supervisorctl]}; supervisord ignores it, so a problem here is only a warning. */
  Optional<CtlSection> readCtl() {
    String section = "supervisorctl";
    if (!ctx.doc.hasSection(section)) {
      return Optional.empty();
    }
    try {
      String serverurl = Optional.ofNullable(get(section, "serverurl", Map.of())).orElse("http://localhost:9001");
      if (serverurl.startsWith("unix://")) {
        serverurl = "unix://" + ctx.normalizePath(serverurl.substring(7));
      }
      Converters.url(serverurl);
      String username = get(section, "username", Map.of());
      String password = get(section, "password", Map.of());
      String prompt = Optional.ofNullable(get(section, "prompt", Map.of())).orElse("supervisor");
      String history = get(section, "history_file", Map.of());
      return Optional.of(new CtlSection(serverurl, Optional.ofNullable(username), Optional.ofNullable(password),
          prompt, history == null || history.isEmpty() ? Optional.empty() : Optional.of(ctx.normalizePath(history))));
    } catch (IllegalArgumentException e) {
      ctx.warnings.add("[supervisorctl] ignored: " + e.getMessage());
      return Optional.empty();
    }
  }
}
