package dev.jsupervisor.app;

import dev.jsupervisor.config.SupervisordConf;
import dev.jsupervisor.core.GroupSpec;
import java.util.List;

/**
 * supervisord's {@code -t/--strip_ansi}: the command line's switch laid over every process of a
 * loaded config, as if {@code [supervisord] strip_ansi=true} (the option only turns it on, as in
 * supervisord). Pure function; any thread.
 */
final class StripAnsiOption {
  private StripAnsiOption() {}

  /** {@code conf} itself when {@code on} is false; otherwise a copy whose processes strip ANSI escapes. */
  static SupervisordConf apply(SupervisordConf conf, boolean on) {
    if (!on) {
      return conf;
    }
    List<GroupSpec> groups = conf.groups().stream()
        .map(g -> new GroupSpec(g.name(), g.priority(),
            g.processes().stream().map(p -> p.toBuilder().logFormat(p.logFormat().withStripAnsi(true)).build()).toList(),
            g.listenerPool()))
        .toList();
    return new SupervisordConf(conf.configFile(), conf.supervisord(), conf.unixHttpServer(), conf.inetHttpServers(),
        conf.supervisorctl(), groups, conf.fcgiPrograms(), conf.rpcInterfaces(), conf.warnings(), conf.infos(),
        conf.files());
  }
}
