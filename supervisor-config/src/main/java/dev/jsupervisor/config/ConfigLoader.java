package dev.jsupervisor.config;

import dev.jsupervisor.config.ini.IniDocument;
import dev.jsupervisor.config.ini.IniParseException;
import dev.jsupervisor.config.ini.IniParser;
import dev.jsupervisor.config.ini.IniValue;
import dev.jsupervisor.config.values.Expansions;
import dev.jsupervisor.config.values.UserDatabase;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.GroupSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a supervisord.conf and the files it includes into a {@link SupervisordConf}, the way Python
 * supervisord 4.2.5 reads it, plus the Go seed's extras. Stateless apart from its injected environment;
 * safe to call from any thread, each call reads the files afresh (for reloads too).
 *
 * <p>Failure never yields a partial configuration: any problem ends in a {@link ConfigException}
 * whose message is what supervisord prints after {@code Error: }.
 */
public final class ConfigLoader {
  private final Map<String, String> environment;
  private final String hostname;
  private final Path cwd;
  private final UserDatabase users;

  private ConfigLoader(Map<String, String> environment, String hostname, Path cwd, UserDatabase users) {
    this.environment = Map.copyOf(environment);
    this.hostname = hostname;
    this.cwd = cwd.toAbsolutePath().normalize();
    this.users = users;
  }

  /** Loads {@code configFile} with this process's environment, hostname and working directory. */
  public static SupervisordConf load(Path configFile) throws ConfigException {
    return load(configFile, System.getenv());
  }

  /** Loads {@code configFile} with {@code environment} as supervisord's environment (ENV_* names, HOME, TMPDIR). */
  public static SupervisordConf load(Path configFile, Map<String, String> environment) throws ConfigException {
    return new ConfigLoader(environment, systemHostname(), Path.of("").toAbsolutePath(), UserDatabase.SYSTEM)
        .read(configFile);
  }

  /**
   * Loads {@code configFile} as if from working directory {@code cwd}: relative paths (and a
   * relative {@code configFile}) resolve against it. A daemon detached into {@code [supervisord]
   * directory} loads its config this way, so paths mean what they meant where it was started.
   */
  public static SupervisordConf load(Path configFile, Path cwd) throws ConfigException {
    return new ConfigLoader(System.getenv(), systemHostname(), cwd, UserDatabase.SYSTEM).read(configFile);
  }

  /** A loader with everything injected, for tests and embedders. */
  public static ConfigLoader create(Map<String, String> environment, String hostname, Path cwd, UserDatabase users) {
    return new ConfigLoader(environment, hostname, cwd, users);
  }

  /** Reads {@code configFile}; the path is named in messages exactly as given. */
  public SupervisordConf read(Path configFile) throws ConfigException {
    String display = configFile.toString();
    Path main = cwd.resolve(configFile).normalize();
    if (!Files.exists(main)) {
      throw single(display, "could not find config file " + display);
    }
    IniDocument doc = new IniDocument();
    List<Path> files = new ArrayList<>();
    readFile(doc, main, display);
    files.add(main);
    LoadContext ctx = new LoadContext(doc, main, display, environment, hostname, cwd, users);
    followIncludes(ctx, main, display, files, new LinkedHashSet<>(Set.of(main)));
    if (!ctx.problems.isEmpty()) {
      throw new ConfigException(ctx.problems);
    }
    if (!doc.hasSection("supervisord")) {
      throw single(display, ".ini file does not include supervisord section");
    }
    return build(ctx, configFile, files);
  }

  private SupervisordConf build(LoadContext ctx, Path configFile, List<Path> files) throws ConfigException {
    Optional<SupervisordSection> supervisord = new SupervisordReader(ctx).read();
    if (supervisord.isEmpty()) {
      throw new ConfigException(ctx.problems);
    }
    ctx.stripAnsi = supervisord.get().stripAnsi();
    ServersReader servers = new ServersReader(ctx);
    servers.readRpcInterfaces();
    GroupsReader groups = new GroupsReader(ctx);
    groups.read();
    servers.readHttpServers();
    if (ctx.problems.isEmpty()) {
      DependencyCheck.check(ctx, groups.groups);
    }
    Optional<CtlSection> ctl = servers.readCtl();
    if (!ctx.problems.isEmpty()) {
      throw new ConfigException(ctx.problems);
    }
    if (servers.unix.size() > 1) {
      ctx.warnings.add("only the first of " + servers.unix.size() + " [unix_http_server*] sections is used");
    }
    List<GroupSpec> groupList = groups.groups;
    return new SupervisordConf(configFile, supervisord.get(), servers.unix.stream().findFirst(), servers.inet, ctl,
        groupList, groups.fcgi, servers.rpc, ctx.warnings, ctx.infos, files);
  }

  private void readFile(IniDocument doc, Path file, String display) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw single(display, "could not read config file " + display);
    }
    try {
      IniParser.parse(text, file, display, doc);
    } catch (IniParseException e) {
      throw new ConfigException(List.of(new ConfigProblem(display, e.line(), "", "", e.getMessage())));
    }
  }

  /**
   * supervisord's {@code [include] files=}: whitespace-separated globs relative to the including
   * file. Unlike supervisord (which ignores {@code [include]} in included files), included files may
   * include further files; each file is read at most once.
   */
  private void followIncludes(LoadContext ctx, Path file, String display, List<Path> files, Set<Path> seen)
      throws ConfigException {
    Optional<IniValue> spec = ctx.doc.section("include").flatMap(s -> s.own("files"))
        .filter(v -> v.file().equals(file));
    if (ctx.doc.hasSection("include") && file.equals(ctx.mainFile) && spec.isEmpty()
        && ctx.doc.get("include", "files").isEmpty()) {
      throw single(display, ".ini file has [include] section, but no files setting");
    }
    if (spec.isEmpty()) {
      return;
    }
    String expanded;
    try {
      expanded = Expansions.expand(spec.get().value(),
          ctx.expansions(file, Map.of("host_node_name", hostname)), "include.files");
    } catch (ValueException e) {
      throw new ConfigException(List.of(new ConfigProblem(display, spec.get().line(), "include", "files",
          e.getMessage())));
    }
    String base = ctx.here(file);
    for (String pattern : expanded.strip().split("\\s+")) {
      if (pattern.isEmpty()) {
        continue;
      }
      String joined = pattern.startsWith("/") ? pattern : base + "/" + pattern;
      List<String> matches = Glob.glob(joined);
      if (matches.isEmpty()) {
        ctx.warnings.add("No file matches via include \"" + joined + "\"");
        continue;
      }
      for (String name : matches) {
        ctx.infos.add("Included extra file \"" + name + "\" during parsing");
        Path included = Path.of(name).normalize();
        if (!Files.isRegularFile(included) || !seen.add(included)) {
          continue; // Python skips unreadable files silently; a file is read once
        }
        readFile(ctx.doc, included, name);
        files.add(included);
        followIncludes(ctx, included, name, files, seen);
      }
    }
  }

  private static ConfigException single(String display, String message) {
    return new ConfigException(List.of(new ConfigProblem(display, 0, "", "", message)));
  }

  private static String systemHostname() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the resolver
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
