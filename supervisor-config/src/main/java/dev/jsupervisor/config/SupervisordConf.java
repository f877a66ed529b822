package dev.jsupervisor.config;

import dev.jsupervisor.core.GroupSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole configuration, as {@link ConfigLoader} reads it. Immutable; safe to share between threads.
 *
 * @param configFile the main file, as given
 * @param supervisord the {@code [supervisord]} section
 * @param unixHttpServer the first {@code [unix_http_server]}
 * @param inetHttpServers every {@code [inet_http_server*]}
 * @param supervisorctl the {@code [supervisorctl]} section, if present and valid
 * @param groups process groups sorted by (priority, name): each {@code [program:x]} not in a
 *     {@code [group:x]} is its own group; {@code [group:x]} gathers its programs (and fcgi-programs);
 *     each {@code [eventlistener:x]} is a group with a listener pool ({@link GroupSpec#listenerPool()});
 *     each {@code [fcgi-program:x]} not in a {@code [group:x]} is a group with its shared socket
 *     ({@link GroupSpec#sharedSocket()})
 * @param fcgiPrograms the {@code [fcgi-program:x]} groups not in a {@code [group:x]}, with their socket
 *     keys as written (also in {@code groups})
 * @param rpcInterfaces the {@code [rpcinterface:x]} sections
 * @param warnings supervisord's parse warnings, for the main log at WARN once it opens
 * @param infos supervisord's parse infos ({@code Included extra file "…" during parsing}), for INFO
 * @param files every file read, the main file first
 */
public record SupervisordConf(
    Path configFile,
    SupervisordSection supervisord,
    Optional<UnixHttpServer> unixHttpServer,
    List<InetHttpServer> inetHttpServers,
    Optional<CtlSection> supervisorctl,
    List<GroupSpec> groups,
    List<FcgiProgramSpec> fcgiPrograms,
    List<RpcInterfaceSpec> rpcInterfaces,
    List<String> warnings,
    List<String> infos,
    List<Path> files) {

  public SupervisordConf {
    inetHttpServers = List.copyOf(inetHttpServers);
    groups = List.copyOf(groups);
    fcgiPrograms = List.copyOf(fcgiPrograms);
    rpcInterfaces = List.copyOf(rpcInterfaces);
    warnings = List.copyOf(warnings);
    infos = List.copyOf(infos);
    files = List.copyOf(files);
  }

  /** The group named {@code name} among {@link #groups()}, if any. */
  public Optional<GroupSpec> group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }
}
