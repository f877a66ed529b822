package dev.jsupervisor.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The seed's {@code supervisord service install|uninstall|start|stop}. The machine's service
 * manager is detected ({@link InitSystem#detect}: systemd when it runs, else OpenRC, else SysV
 * init scripts) or named with {@code --init=systemd|openrc|sysv}. install writes a systemd unit
 * ({@code /etc/systemd/system/supervisord.service}, enabled with {@code systemctl}) or an init
 * script ({@code /etc/init.d/supervisord}, enabled by its runlevel links) that runs the daemon
 * through its launcher ({@link ServiceFiles}); uninstall removes exactly those files, and only
 * when they carry install's marker. Run on the main thread; failures are messages and a status,
 * never exceptions.
 */
final class ServiceCommand {
  /** Where the files are written ({@code /} on a real machine; a temp root in tests). */
  private final Path root;
  private final List<String> daemon;
  private final Runner runner;
  private final PrintStream out;
  private final PrintStream err;

  /** Runs a service manager's command ({@code systemctl enable ...}); returns its exit status. */
  interface Runner {
    int run(List<String> command) throws IOException;
  }

  /** The service managers we can install into. */
  enum InitSystem {
    SYSTEMD, OPENRC, SYSV;

    /** systemd if it is running ({@code /run/systemd/system}, as sd_booted), else OpenRC, else SysV. */
    static Optional<InitSystem> detect(Path root) {
      if (Files.isDirectory(root.resolve("run/systemd/system"))) {
        return Optional.of(SYSTEMD);
      }
      if (Files.exists(root.resolve("sbin/openrc-run")) || Files.exists(root.resolve("usr/sbin/openrc-run"))) {
        return Optional.of(OPENRC);
      }
      if (Files.isDirectory(root.resolve("etc/init.d"))) {
        return Optional.of(SYSV);
      }
      return Optional.empty();
    }
  }

  ServiceCommand(Path root, List<String> daemon, Runner runner, PrintStream out, PrintStream err) {
    this.root = root;
    this.daemon = List.copyOf(daemon);
    this.runner = runner;
    this.out = out;
    this.err = err;
  }

  static final String HELP = String.join("\n",
      "Usage: supervisord service COMMAND [--init=systemd|openrc|sysv]",
      "",
      "Commands:",
      "install -c FILE -- write a service for the daemon on FILE and enable it: a systemd unit",
      "                   (Type=notify) when systemd runs, else an OpenRC or SysV init script",
      "uninstall -- disable and remove what install wrote (only files carrying its marker)",
      "start, stop -- start or stop the installed service through its manager",
      "",
      "--init=X -- use that service manager instead of the one detected",
      "-h/--help -- print this usage message and exit",
      "");

  /** The CLI entry point: on this machine, with the launcher next to the running jar. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Runner real = cmd -> {
      try {
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    };
    return new ServiceCommand(Path.of("/"), ServiceFiles.daemonCommand(), real, out, err).execute(args);
  }

  /** Parses {@code args} ({@code install -c FILE [--init=X]}, ...) and does it; returns the exit status. */
  int execute(String[] args) {
    if (args.length == 0) {
      err.println("Error: service requires one of: install -c FILE, uninstall, start, stop [--init=systemd|openrc|sysv]");
      return 2;
    }
    if (List.of("-h", "--help", "help").contains(args[0])) {
      out.print(HELP);
      return 0;
    }
    Path conf = configArg(args);
    if (args[0].equals("install") && conf == null) {
      err.println("Error: service install requires -c FILE");
      return 2;
    }
    if (!List.of("install", "uninstall", "start", "stop").contains(args[0])) {
      err.println("Error: unknown service command '" + args[0] + "'");
      return 2;
    }
    Optional<InitSystem> init;
    try {
      init = initArg(args).isPresent() ? initArg(args) : InitSystem.detect(root);
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      return 2;
    }
    if (init.isEmpty()) {
      err.println("Error: no service manager found (neither systemd, OpenRC nor /etc/init.d); use --init=...");
      return 1;
    }
    try {
      switch (args[0]) {
        case "install" -> {
          return install(init.get(), conf.toAbsolutePath().normalize());
        }
        case "uninstall" -> {
          return uninstall(init.get());
        }
        default -> { // start, stop
          return init.get() == InitSystem.SYSTEMD ? runner.run(List.of("systemctl", args[0], "supervisord"))
              : runner.run(List.of(script().toString(), args[0]));
        }
      }
    } catch (IOException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    }
  }

  private Path unit() {
    return root.resolve("etc/systemd/system/supervisord.service");
  }

  private Path script() {
    return root.resolve("etc/init.d/supervisord");
  }

  private boolean realRoot() {
    return root.toAbsolutePath().normalize().equals(Path.of("/"));
  }

  private int install(InitSystem init, Path conf) throws IOException {
    if (init == InitSystem.SYSTEMD) {
      boolean created = !Files.exists(unit());
      if (!writeOurs(unit(), ServiceFiles.systemdUnit(daemon, conf), false)) {
        return 1;
      }
      List<List<String>> steps = new ArrayList<>();
      if (realRoot()) {
        steps.add(List.of("systemctl", "daemon-reload"));
      }
      steps.add(systemctl("enable"));
      for (List<String> step : steps) {
        int status = runner.run(step);
        if (status != 0) {
          err.println("Error: '" + String.join(" ", step) + "' failed with exit status " + status);
          if (created) { // nothing of a failed install stays behind
            Files.delete(unit());
            err.println("removed " + unit() + " again");
          }
          return 1;
        }
      }
      return 0;
    }
    if (!writeOurs(script(), ServiceFiles.initScript(daemon, conf, init == InitSystem.OPENRC), true)) {
      return 1;
    }
    for (Link l : links(init)) {
      if (Files.isDirectory(l.path.getParent()) && !Files.exists(l.path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(l.path, l.target);
        out.println("installed " + l.path);
      }
    }
    return 0;
  }

  private int uninstall(InitSystem init) throws IOException {
    if (init == InitSystem.SYSTEMD) {
      if (!isOurs(unit())) {
        out.println("nothing to remove: " + unit() + " was not written by supervisord service install");
        return 0;
      }
      runner.run(systemctl("disable"));
      Files.delete(unit());
      out.println("removed " + unit());
      return realRoot() ? runner.run(List.of("systemctl", "daemon-reload")) : 0;
    }
    if (!isOurs(script())) {
      out.println("nothing to remove: " + script() + " was not written by supervisord service install");
      return 0;
    }
    for (Link l : links(init)) {
      if (Files.isSymbolicLink(l.path) && Files.readSymbolicLink(l.path).equals(l.target)) {
        Files.delete(l.path);
        out.println("removed " + l.path);
      }
    }
    Files.delete(script());
    out.println("removed " + script());
    return 0;
  }

  private List<String> systemctl(String verb) {
    return realRoot() ? List.of("systemctl", verb, "supervisord.service")
        : List.of("systemctl", "--root=" + root, verb, "supervisord.service");
  }

  /** Writes {@code text} to {@code file} unless a file not written by us is there. */
  private boolean writeOurs(Path file, String text, boolean executable) throws IOException {
    if (Files.exists(file) && !isOurs(file)) {
      err.println("Error: " + file + " exists and was not written by supervisord service install; not replacing it");
      return false;
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    if (executable) {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    out.println("installed " + file);
    return true;
  }

  private static boolean isOurs(Path file) throws IOException {
    return Files.isRegularFile(file) && Files.readString(file).contains(ServiceFiles.MARKER);
  }

  /** A runlevel link that enables the init script. */
  private record Link(Path path, Path target) {}

  /** SysV: S/K links in the rcN.d that exist; OpenRC: the default runlevel. */
  private List<Link> links(InitSystem init) {
    List<Link> links = new ArrayList<>();
    if (init == InitSystem.OPENRC) {
      links.add(new Link(root.resolve("etc/runlevels/default/supervisord"), Path.of("/etc/init.d/supervisord")));
      return links;
    }
    for (String level : new String[] {"0", "1", "2", "3", "4", "5", "6"}) {
      boolean start = "2345".contains(level);
      links.add(new Link(root.resolve("etc/rc" + level + ".d/" + (start ? "S20" : "K20") + "supervisord"),
          Path.of("../init.d/supervisord")));
    }
    return links;
  }

  private static Optional<InitSystem> initArg(String[] args) {
    for (String a : args) {
      if (a.startsWith("--init=")) {
        String v = a.substring("--init=".length());
        try {
          return Optional.of(InitSystem.valueOf(v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown --init value '" + v + "' (systemd, openrc or sysv)");
        }
      }
    }
    return Optional.empty();
  }

  private static Path configArg(String[] args) {
    for (int i = 1; i + 1 < args.length; i++) {
      if (args[i].equals("-c") || args[i].equals("--configuration")) {
        return Path.of(args[i + 1]);
      }
    }
    return null;
  }
}
