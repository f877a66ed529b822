package dev.jsupervisor.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The seed's {@code supervisord service install|uninstall|start|stop}, for systemd: installs a unit
 * {@code /etc/systemd/system/supervisord.service} that runs this jar in the foreground on the given
 * config, and drives it with {@code systemctl}.
 */
final class ServiceCommand {
  static final Path UNIT = Path.of("/etc/systemd/system/supervisord.service");

  private ServiceCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("Error: service requires one of: install -c FILE, uninstall, start, stop");
      return 2;
    }
    try {
      switch (args[0]) {
        case "install" -> {
          Path conf = configArg(args);
          if (conf == null) {
            err.println("Error: service install requires -c FILE");
            return 2;
          }
          Files.writeString(UNIT, unit(conf.toAbsolutePath().normalize()));
          out.println("installed " + UNIT);
          return systemctl(out, err, "daemon-reload", null) == 0 ? systemctl(out, err, "enable", "supervisord") : 1;
        }
        case "uninstall" -> {
          systemctl(out, err, "disable", "supervisord");
          Files.deleteIfExists(UNIT);
          out.println("removed " + UNIT);
          return systemctl(out, err, "daemon-reload", null);
        }
        case "start", "stop" -> {
          return systemctl(out, err, args[0], "supervisord");
        }
        default -> {
          err.println("Error: unknown service command '" + args[0] + "'");
          return 2;
        }
      }
    } catch (IOException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    }
  }

  /** The systemd unit text for {@code conf}. */
  static String unit(Path conf) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("java.class.path");
    return String.join("\n",
        "[Unit]",
        "Description=jsupervisor process control system",
        "After=network.target",
        "",
        "[Service]",
        "ExecStart=" + java + " -jar " + jar + " -n -c " + conf,
        "ExecReload=/bin/kill -HUP $MAINPID",
        "KillMode=process",
        "Restart=on-failure",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "");
  }

  private static Path configArg(String[] args) {
    for (int i = 1; i + 1 < args.length; i++) {
      if (args[i].equals("-c") || args[i].equals("--configuration")) {
        return Path.of(args[i + 1]);
      }
    }
    return null;
  }

  private static int systemctl(PrintStream out, PrintStream err, String verb, String unit)
      throws IOException {
    List<String> cmd = unit == null ? List.of("systemctl", verb) : List.of("systemctl", verb, unit);
    try {
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (IOException e) {
      err.println("Error: cannot run systemctl: " + e.getMessage());
      return 1;
    }
  }
}
