package dev.jsupervisor.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code supervisord service install} writes: a systemd unit, or an init script (SysV with an
 * LSB header, or OpenRC), each running the daemon in the foreground ({@code -n}) or detached
 * ({@code -d}, init scripts) through the launcher when there is one (its JAVA/JAVA_OPTS and bundled
 * runtime), else as {@code java -jar}; either way the jar tunes the JVM it re-executes. Every file
 * carries {@link #MARKER}, so uninstall removes only what install wrote. Pure text; any thread.
 */
final class ServiceFiles {
  /** The line that marks a file as ours. */
  static final String MARKER = "# Written by `supervisord service install` (jsupervisor); `supervisord service uninstall` removes it.";

  private ServiceFiles() {}

  /**
   * The command that starts the daemon: the {@code bin/supervisord} launcher next to the running
   * jar (a distribution's {@code ../bin}, or the repository's {@code ../../bin}), else this JVM's
   * {@code java -jar} on the jar (which adds its own JVM flags when it re-executes: {@link JvmTuning}).
   */
  static List<String> daemonCommand() {
    Path jar = JvmCommand.singleJar()
        .orElseGet(() -> Path.of(System.getProperty("java.class.path")).toAbsolutePath().normalize());
    Optional<Path> launcher = launcherFor(jar);
    if (launcher.isPresent()) {
      return List.of(launcher.get().toString());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    return cmd;
  }

  /** {@code bin/supervisord} of the distribution or checkout {@code jar} belongs to, if any. */
  static Optional<Path> launcherFor(Path jar) {
    Path dir = jar.getParent();
    if (dir == null || !jar.toString().endsWith(".jar")) {
      return Optional.empty();
    }
    for (Path candidate : new Path[] {dir.resolveSibling("bin/supervisord"),
        dir.getParent() == null ? null : dir.getParent().resolveSibling("bin/supervisord")}) {
      if (candidate != null && Files.isExecutable(candidate)) {
        return Optional.of(candidate.normalize());
      }
    }
    return Optional.empty();
  }

  /** The systemd unit: the daemon in the foreground, ready by sd_notify (Type=notify), reload by HUP. */
  static String systemdUnit(List<String> daemon, Path conf) {
    return String.join("\n",
        MARKER,
        "[Unit]",
        "Description=jsupervisor process control system",
        "After=network.target",
        "",
        "[Service]",
        "Type=notify",
        "ExecStart=" + systemdQuote(daemon) + " -n -c " + systemdQuote(List.of(conf.toString())),
        "ExecReload=/bin/kill -HUP $MAINPID",
        "KillMode=process",
        "Restart=on-failure",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "");
  }

  /** A POSIX sh init script for SysV init (LSB header) or OpenRC ({@code openrc}). */
  static String initScript(List<String> daemon, Path conf, boolean openrc) {
    String head = openrc
        ? String.join("\n",
            "#!/sbin/openrc-run",
            MARKER,
            "description=\"jsupervisor process control system\"",
            "extra_started_commands=\"reload\"",
            "depend() {",
            "  need net",
            "}",
            "")
        : String.join("\n",
            "#!/bin/sh",
            "### BEGIN INIT INFO",
            "# Provides:          supervisord",
            "# Required-Start:    $remote_fs $network",
            "# Required-Stop:     $remote_fs $network",
            "# Default-Start:     2 3 4 5",
            "# Default-Stop:      0 1 6",
            "# Short-Description: jsupervisor process control system",
            "### END INIT INFO",
            MARKER,
            "");
    String body = String.join("\n",
        "CONF=" + shQuote(List.of(conf.toString())),
        "PIDFILE=${PIDFILE:-/var/run/supervisord.pid}",
        "",
        "running() {",
        "  [ -f \"$PIDFILE\" ] && pid=$(cat \"$PIDFILE\") && [ -n \"$pid\" ] && kill -0 \"$pid\" 2>/dev/null",
        "}",
        "",
        "start() {",
        "  if running; then echo \"supervisord is already running (pid $pid)\"; return 0; fi",
        "  # -d returns once the detached daemon listens, or prints its error and fails",
        "  " + shQuote(daemon) + " -d -c \"$CONF\" -j \"$PIDFILE\"",
        "}",
        "",
        "stop() {",
        "  if ! running; then echo \"supervisord is not running\"; return 0; fi",
        "  kill -TERM \"$pid\"",
        "  i=0",
        "  while kill -0 \"$pid\" 2>/dev/null; do",
        "    i=$((i + 1))",
        "    if [ \"$i\" -gt 300 ]; then echo \"supervisord (pid $pid) did not stop\" >&2; return 1; fi",
        "    sleep 1",
        "  done",
        "}",
        "",
        "reload() {",
        "  running && kill -HUP \"$pid\"",
        "}",
        "");
    if (openrc) {
      return head + body + String.join("\n",
          "status() {",
          "  if running; then echo \"supervisord is running (pid $pid)\"; else echo \"supervisord is not running\"; return 3; fi",
          "}",
          "");
    }
    return head + body + String.join("\n",
        "case \"$1\" in",
        "  start) start ;;",
        "  stop) stop ;;",
        "  restart) stop && start ;;",
        "  reload|force-reload) reload ;;",
        "  status)",
        "    if running; then echo \"supervisord is running (pid $pid)\"; else echo \"supervisord is not running\"; exit 3; fi ;;",
        "  *) echo \"Usage: $0 {start|stop|restart|reload|force-reload|status}\" >&2; exit 2 ;;",
        "esac",
        "");
  }

  private static String systemdQuote(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(w.matches("[A-Za-z0-9_./:=+@%,-]+") ? w
          : "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$") + "\"");
    }
    return String.join(" ", out);
  }

  private static String shQuote(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(w.matches("[A-Za-z0-9_./:=+@%,-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return String.join(" ", out);
  }
}
